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
    t("Mặc định theo config.yaml: chờ {idle} giây, màn hình số {ticket} giây, tự đọc hướng dẫn: {auto}.", {idle: data.defaults.idle_seconds, ticket: data.defaults.ticket_screen_seconds, auto: data.defaults.auto_read_guidance ? t("bật") : t("tắt")});
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
    flash(t("Đã lưu. Kiosk và màn hình nhận cài đặt mới ngay."));
  } catch (error) { showError(error, form); }
});
// -- search synonyms: one "phrase = means" per line ------------------------------------------
const synonymsForm = document.getElementById("synonyms-form");
const synonymsBox = document.getElementById("search_synonyms");
let defaultSynonyms = [];

function showSynonyms(rules) { synonymsBox.value = rules.map((r) => `${r.phrase} = ${r.means}`).join("\n"); }

function readSynonyms() {
  return synonymsBox.value.split("\n").filter((line) => line.trim()).map((line) => {
    const at = line.indexOf("=");
    return at < 0 ? {phrase: line.trim(), means: ""} : {phrase: line.slice(0, at).trim(), means: line.slice(at + 1).trim()};
  });
}

async function loadSynonyms() {
  const data = await api("GET", "/api/admin/settings");
  defaultSynonyms = data.defaults.search_synonyms;
  showSynonyms(data.values.search_synonyms);
}

synonymsForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    showSynonyms((await api("PUT", "/api/admin/settings", {search_synonyms: readSynonyms()})).search_synonyms);
    synonymsForm.querySelectorAll(".field-problem").forEach((n) => n.remove());
    synonymsBox.removeAttribute("aria-invalid");
    flash(t("Đã lưu từ ngữ tìm kiếm. Kiosk nhận danh sách mới trong lần đồng bộ kế tiếp."));
    trySearch();
  } catch (error) { showError(error, synonymsForm); }
});
document.getElementById("synonyms-defaults").addEventListener("click", () => showSynonyms(defaultSynonyms));

const trial = document.getElementById("search-trial");
async function trySearch() {
  const list = document.getElementById("search-results");
  if (!trial.value.trim()) { list.replaceChildren(); return; }
  try {
    const data = await api("GET", "/api/admin/search?q=" + encodeURIComponent(trial.value));
    if (data.query !== trial.value) return;      // an older answer: the admin kept typing
    list.replaceChildren(...(data.results.length ? data.results.map((r) => el("li", {}, `${r.name} (${r.code})`))
                                                  : [el("li", {}, t("Không tìm thấy thủ tục nào."))]));
  } catch (error) { showError(error); }
}
trial.addEventListener("input", trySearch);

load().catch((error) => showError(error));
loadSynonyms().catch((error) => showError(error));
