"use strict";
// The Devices page: pairing codes (with their QR code) and each device's last heartbeat, live.
const ROLES = {kiosk: t("Máy lấy số"), display: t("Màn hình")};
const PRINTER = {online: [t("Sẵn sàng"), "ok"], paper_low: [t("Sắp hết giấy"), "changed"], paper_out: [t("Hết giấy"), "bad"],
  cover_open: [t("Mở nắp"), "bad"], offline: [t("Không kết nối"), "bad"], unknown: [t("Không rõ"), "off"], none: [t("Không có"), "off"]};
const DEVICE_EVENTS = ["device.changed", "device.paired", "device.revoked"];

function badge(text, kind) { return el("span", {class: "badge " + kind}, text); }

function state(d) {
  if (!d.active) return badge(t("Đã thu hồi"), "off");
  if (!d.last_seen) return badge(t("Chưa kết nối"), "off");
  return d.offline ? badge(t("Mất kết nối"), "bad") : badge(t("Đang kết nối"), "ok");
}

function skew(d) {
  if (d.skew_seconds === null || d.skew_seconds === undefined) return "–";
  const text = (d.skew_seconds > 0 ? t("chậm ") : "nhanh ") + Math.abs(d.skew_seconds).toLocaleString("vi-VN") + t(" giây");
  return d.skew_warning ? badge(text, "bad") : text;
}

function freeDisk(bytes) {
  if (bytes === null || bytes === undefined) return "–";
  return (bytes / 1024 ** 3).toLocaleString("vi-VN", {maximumFractionDigits: 1}) + " GB";
}

function deviceRow(d) {
  const printer = PRINTER[d.printer];
  const speech = d.speech_ok === null || d.speech_ok === undefined ? "–"
    : d.speech_ok ? badge(t("Hoạt động"), "ok") : el("span", {title: d.speech_problem}, badge(t("Không đọc được"), "bad"));
  return el("tr", {"data-device": d.name},
    el("td", {}, d.name), el("td", {}, ROLES[d.role] || d.role), el("td", {}, state(d)),
    el("td", {}, formatTime(d.last_seen) || "–"), el("td", {}, d.version || "–"), el("td", {}, skew(d)),
    el("td", {}, d.outbox ?? "–"), el("td", {}, printer ? badge(...printer) : "–"), el("td", {}, speech),
    el("td", {}, freeDisk(d.disk_free_bytes)),
    el("td", {},
      el("button", {type: "button", onclick: () => pair(d.name, d.role)}, t("Mã ghép nối mới")), " ",
      d.active ? el("button", {type: "button", class: "danger", onclick: () => revoke(d.name)}, t("Thu hồi")) : ""));
}

async function pair(name, role) {
  try {
    const made = await api("POST", `/api/admin/devices/${encodeURIComponent(name)}/pairing`, {role});
    document.getElementById("pairing-device").textContent = made.name;
    document.getElementById("pairing-code").textContent = made.code.slice(0, 3) + " " + made.code.slice(3);
    document.getElementById("pairing-qr").src = made.qr_png;
    document.getElementById("pairing-qr").title = made.qr_text;
    document.getElementById("pairing-expires").textContent = made.expires_at.slice(11, 16);
    document.getElementById("pairing-command").textContent = `python main.py ${made.role} --pair ${made.code}`;
    document.getElementById("pairing-box").hidden = false;
    flash(t("Đã tạo mã ghép nối cho ") + made.name + ".");
    load();
  } catch (error) { showError(error, document.getElementById("new-device")); }
}

async function revoke(name) {
  if (!confirm(t("Thu hồi {name}? Thiết bị sẽ bị ngắt kết nối ngay; các số đã cấp khi mất mạng vẫn được nhận nhưng cần cán bộ xem lại.", {name}))) return;
  try {
    await api("POST", `/api/admin/devices/${encodeURIComponent(name)}/revoke`);
    flash(t("Đã thu hồi ") + name + ".");
    load();
  } catch (error) { showError(error); }
}

async function load() {
  try {
    const devices = await api("GET", "/api/admin/devices");
    document.querySelector("#devices tbody").replaceChildren(...devices.map(deviceRow));
    const storage = await api("GET", "/api/storage");
    const warning = document.getElementById("storage-warning");
    warning.textContent = storage.message;
    warning.hidden = storage.status === "ok";
  } catch (error) { showError(error); }
}

document.getElementById("new-device").addEventListener("submit", (event) => {
  event.preventDefault();
  pair(event.target.elements.name.value.trim(), event.target.elements.role.value);
});

(async () => {
  await load();
  const health = await fetch("/api/health", {cache: "no-store"}).then((r) => r.json());
  const liveState = document.getElementById("live-state");
  openLive({since: health.last_event_id, types: DEVICE_EVENTS, onEvent: load,
    onOnline: () => { liveState.textContent = t("Cập nhật trực tiếp."); },
    onOffline: () => { liveState.textContent = t("Mất kết nối với máy chủ, đang thử lại…"); }});
  setInterval(load, 15000);     // "last contact" and "offline" move with time, not only with events
})();
