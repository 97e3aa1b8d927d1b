"use strict";
// The province hub as the centre's admin sees it: push state, and catalogue conflicts to settle.
const FIELD_LABELS = {name: "Tên thủ tục", official_name: "Tên chính thức", name_en: "Tên tiếng Anh", field: "Lĩnh vực",
  level: "Cấp", documents: "Giấy tờ", processing_time: "Thời hạn giải quyết", processing_time_en: "Thời hạn (tiếng Anh)",
  fee: "Phí, lệ phí", fee_en: "Phí (tiếng Anh)", fee_other: "Phí của cơ quan khác", guidance: "Hướng dẫn",
  guidance_en: "Hướng dẫn (tiếng Anh)", formality_id: "Mã trên Cổng DVC", source: "Nguồn", active: "Đang áp dụng"};

function text(value) {
  if (Array.isArray(value)) return value.map((d) => "• " + (d && d.name ? d.name : JSON.stringify(d))).join("\n");
  if (value === true) return "có";
  if (value === false) return "không";
  return value === null || value === undefined || value === "" ? "(trống)" : String(value);
}

function pushText(state) {
  if (!state.configured) return "Chưa cấu hình máy chủ tỉnh (mục hub trong config.yaml).";
  const push = state.push;
  if (push.failures) return `Chưa gửi được (${push.failures} lần thử): ${push.last_error}. Sẽ tự thử lại.`;
  if (push.pushed_through === null) return "Đang kết nối…";
  return `Đã gửi đến sự kiện số ${push.pushed_through}` +
    (push.seconds_since_success !== null ? `, ${push.seconds_since_success} giây trước.` : ".");
}

async function settle(conflict, keep) {
  try {
    await api("POST", `/api/admin/hub/conflicts/${conflict.id}`, {keep});
    flash(keep === "hub" ? "Đã lấy bản của tỉnh." : "Đã giữ bản của trung tâm.");
    load();
  } catch (error) { showError(error); }
}

async function load() {
  const state = await api("GET", "/api/admin/hub");
  document.getElementById("push-state").textContent = pushText(state);
  const rows = state.conflicts.map((c) => el("tr", {},
    el("td", {}, c.code), el("td", {}, FIELD_LABELS[c.field] || c.field),
    el("td", {class: "pre"}, text(c.local)), el("td", {class: "pre"}, text(c.hub)),
    el("td", {}, el("button", {type: "button", onclick: () => settle(c, "local")}, "Giữ bản của trung tâm"), " ",
      el("button", {type: "button", class: "primary", onclick: () => settle(c, "hub")}, "Lấy bản của tỉnh"))));
  document.querySelector("#conflicts tbody").replaceChildren(...rows);
  document.getElementById("no-conflicts").hidden = rows.length > 0;
}
load();
setInterval(load, 10000);
