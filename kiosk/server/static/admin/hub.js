"use strict";
// The province hub as the centre's admin sees it: push state, and the conflicts to settle
// (catalogue fields, voice clips, and hub bookings that came down to a slot already full).
const FIELD_LABELS = {name: t("Tên thủ tục"), official_name: t("Tên chính thức"), name_en: t("Tên tiếng Anh"), field: t("Lĩnh vực"),
  level: t("Cấp"), documents: t("Giấy tờ"), processing_time: t("Thời hạn giải quyết"), processing_time_en: t("Thời hạn (tiếng Anh)"),
  fee: t("Phí, lệ phí"), fee_en: t("Phí (tiếng Anh)"), fee_other: t("Phí của cơ quan khác"), guidance: t("Hướng dẫn"),
  guidance_en: t("Hướng dẫn (tiếng Anh)"), formality_id: t("Mã trên Cổng DVC"), source: t("Nguồn"), active: t("Đang áp dụng"),
  voice_phrases: t("Giọng đọc: câu ghi âm"), voice_guidance: t("Giọng đọc: hướng dẫn ghi âm"),
  booking_slot_full: t("Lịch hẹn đặt trên cổng tỉnh: khung giờ đã đủ chỗ"), booking_code_taken: t("Lịch hẹn đặt trên cổng tỉnh: trùng mã")};
const BOOKING_FIELDS = ["booking_slot_full", "booking_code_taken"];

function text(value) {
  if (Array.isArray(value)) return value.map((d) => "• " + (d && d.name ? d.name : JSON.stringify(d))).join("\n");
  if (value === true) return t("có");
  if (value === false) return t("không");
  if (value && typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${v}`).join("\n");
  return value === null || value === undefined || value === "" ? t("(trống)") : String(value);
}

function pushText(state) {
  if (!state.configured) return t("Chưa cấu hình máy chủ tỉnh (mục hub trong config.yaml).");
  const push = state.push;
  if (push.failures) return t("Chưa gửi được ({failures} lần thử): {error}. Sẽ tự thử lại.", {failures: push.failures, error: push.last_error});
  if (push.pushed_through === null) return t("Đang kết nối…");
  return t("Đã gửi đến sự kiện số {number}", {number: push.pushed_through}) +
    (push.seconds_since_success !== null ? t(", {seconds} giây trước.", {seconds: push.seconds_since_success}) : ".");
}

async function settle(conflict, keep) {
  try {
    await api("POST", `/api/admin/hub/conflicts/${conflict.id}`, {keep});
    flash(keep === "hub" ? t("Đã lấy bản của tỉnh.") : t("Đã giữ bản của trung tâm."));
    load();
  } catch (error) { showError(error); }
}

function settleButtons(c) {
  if (BOOKING_FIELDS.includes(c.field))   // a booking the citizen holds is kept, never dropped
    return [el("button", {type: "button", class: "primary", onclick: () => settle(c, "hub")}, t("Đã biết, giữ lịch hẹn"))];
  return [el("button", {type: "button", onclick: () => settle(c, "local")}, t("Giữ bản của trung tâm")), " ",
    el("button", {type: "button", class: "primary", onclick: () => settle(c, "hub")}, t("Lấy bản của tỉnh"))];
}

async function load() {
  const state = await api("GET", "/api/admin/hub");
  document.getElementById("push-state").textContent = pushText(state);
  const rows = state.conflicts.map((c) => el("tr", {},
    el("td", {}, c.code), el("td", {}, FIELD_LABELS[c.field] || c.field),
    el("td", {class: "pre"}, text(c.local)), el("td", {class: "pre"}, text(c.hub)),
    el("td", {}, ...settleButtons(c))));
  document.querySelector("#conflicts tbody").replaceChildren(...rows);
  document.getElementById("no-conflicts").hidden = rows.length > 0;
}
load();
setInterval(load, 10000);
