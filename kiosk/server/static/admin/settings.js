"use strict";
const form = document.getElementById("settings-form");
const f = form.elements;

function fill(values) {
  f.idle_seconds.value = values.idle_seconds;
  f.ticket_screen_seconds.value = values.ticket_screen_seconds;
  f.auto_read_guidance.checked = values.auto_read_guidance;
  f.attract_messages.value = values.attract_messages.join("\n");
  f.display_message.value = values.display_message;
}

async function load() {
  const data = await api("GET", "/api/admin/settings");
  fill(data.values);
  document.getElementById("defaults").textContent =
    `Mặc định theo config.yaml: chờ ${data.defaults.idle_seconds} giây, màn hình số ${data.defaults.ticket_screen_seconds} giây, ` +
    `tự đọc hướng dẫn: ${data.defaults.auto_read_guidance ? "bật" : "tắt"}.`;
}

function number(text) { return /^\s*\d+\s*$/.test(text) ? parseInt(text, 10) : text; }

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = {idle_seconds: number(f.idle_seconds.value), ticket_screen_seconds: number(f.ticket_screen_seconds.value),
    auto_read_guidance: f.auto_read_guidance.checked,
    attract_messages: f.attract_messages.value.split("\n").map((m) => m.trim()).filter(Boolean),
    display_message: f.display_message.value};
  try {
    fill(await api("PUT", "/api/admin/settings", body));
    form.querySelectorAll(".field-problem").forEach((n) => n.remove());
    form.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
    flash("Đã lưu. Kiosk và màn hình nhận cài đặt mới ngay.");
  } catch (error) { showError(error, form); }
});
load().catch((error) => showError(error));
