"use strict";
const form = document.getElementById("procedure-form");
const editing = form.dataset.code;
const tbody = document.querySelector("#documents tbody");
const TEXT = ["code", "name", "official_name", "name_en", "field", "service", "level", "processing_time", "processing_time_en",
              "fee", "fee_en", "fee_other", "guidance", "guidance_en", "formality_id", "source"];
let current = null;

function documentRow(doc = {name: "", official_name: "", name_en: "", originals: 1, copies: 0, required: true}) {
  const row = el("tr", {},
    el("td", {class: "n"}),
    el("td", {class: "doc-name"}, el("textarea", {class: "name", "data-key": "name", rows: 3, "aria-label": t("Tên giấy tờ")}, doc.name),
      el("textarea", {class: "official muted", "data-key": "official_name", rows: 2, placeholder: t("Tên chính thức (Cổng DVC)"),
        "aria-label": t("Tên chính thức của giấy tờ")}, doc.official_name || "")),
    el("td", {class: "doc-name-en"}, el("textarea", {class: "name", "data-key": "name_en", rows: 3, "aria-label": t("Tên tiếng Anh")}, doc.name_en || "")),
    el("td", {}, el("input", {type: "number", min: 0, "data-key": "originals", value: doc.originals, "aria-label": t("Số bản chính")})),
    el("td", {}, el("input", {type: "number", min: 0, "data-key": "copies", value: doc.copies, "aria-label": t("Số bản sao")})),
    el("td", {}, el("input", {type: "checkbox", "data-key": "required", checked: doc.required !== false, "aria-label": t("Bắt buộc")})),
    el("td", {class: "nowrap"},
      el("button", {type: "button", title: t("Lên"), onclick: () => { row.previousElementSibling?.before(row); number(); }}, "↑"), " ",
      el("button", {type: "button", title: t("Xuống"), onclick: () => { row.nextElementSibling?.after(row); number(); }}, "↓"), " ",
      el("button", {type: "button", class: "danger", title: t("Xóa giấy tờ"), onclick: () => { row.remove(); number(); }}, t("Xóa"))),
  );
  return row;
}

function number() { [...tbody.rows].forEach((row, i) => { row.cells[0].textContent = i + 1; }); }

function whole(text) { return /^\s*\d+\s*$/.test(text) ? parseInt(text, 10) : text; }

function collect() {
  const record = {};
  for (const key of TEXT) record[key] = form.elements[key].value;
  record.formality_id = record.formality_id.trim() || null;
  record.most_requested = form.most_requested.checked;
  record.documents = [...tbody.rows].map((row) => {
    const value = (key) => row.querySelector(`[data-key="${key}"]`);
    return {name: value("name").value, official_name: value("official_name").value, name_en: value("name_en").value, originals: whole(value("originals").value),
            copies: whole(value("copies").value), required: value("required").checked};
  });
  if (current) record.active = current.active;
  return record;
}

function fill(record) {
  current = record;
  for (const key of TEXT) form.elements[key].value = record[key] ?? "";
  form.most_requested.checked = !!record.most_requested;
  tbody.replaceChildren(...record.documents.map(documentRow));
  number();
}

function showState() {
  const retired = current && !current.active;
  document.getElementById("state-badge").replaceChildren(!current ? "" :
    el("span", {class: retired ? "badge off" : "badge ok"}, retired ? t("Đã ngừng áp dụng") : t("Đang áp dụng")));
  document.getElementById("retire").hidden = !current || retired;
  document.getElementById("restore").hidden = !current || !retired;
  const portal = document.getElementById("portal-link");
  if (current && current.portal_url) { portal.href = current.portal_url; portal.hidden = false; }
  const audit = document.getElementById("audit-link");
  if (current) { audit.href = "/admin/audit?entity=procedure&entity_id=" + encodeURIComponent(current.code); audit.hidden = false; }
  document.getElementById("tickets-note").textContent = current && current.tickets_issued
    ? t("Đã cấp {count} số thứ tự cho thủ tục này.", {count: current.tickets_issued}) : "";
}

async function start() {
  const data = await api("GET", "/api/admin/procedures?status=active");
  const select = form.elements.service;
  for (const s of data.services.filter((s) => s.active)) select.append(el("option", {value: s.id}, `${s.name} (${s.id})`));
  document.getElementById("fields").replaceChildren(...data.fields.map((f) => el("option", {value: f})));
  if (editing) {
    fill(await api("GET", "/api/admin/procedures/" + encodeURIComponent(editing)));
    form.elements.code.readOnly = true;
    form.elements.code.title = t("Mã của thủ tục đã có không đổi được (các số thứ tự đã cấp dùng mã này).");
  } else {
    form.elements.source.value = "unknown";
    tbody.append(documentRow());
    number();
  }
  showState();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const record = collect();
  try {
    const saved = editing
      ? await api("PUT", "/api/admin/procedures/" + encodeURIComponent(editing), record)
      : await api("POST", "/api/admin/procedures", record);
    if (!editing) { location.href = "/admin/procedures/" + encodeURIComponent(saved.code) + "?created=1"; return; }
    fill(await api("GET", "/api/admin/procedures/" + encodeURIComponent(editing)));
    showState();
    form.querySelectorAll(".field-problem").forEach((n) => n.remove());
    form.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
    flash(t("Đã lưu. Kiosk và màn hình sẽ cập nhật ngay."));
  } catch (error) { showError(error, form); }
});

document.getElementById("add-document").addEventListener("click", () => {
  tbody.append(documentRow()); number(); tbody.lastElementChild.querySelector("input").focus();
});

document.getElementById("listen").addEventListener("click", async (event) => {
  const button = event.target, player = document.getElementById("player");
  button.disabled = true;
  try {
    const response = await api("POST", "/api/admin/speech", {text: form.elements.guidance.value}, {raw: true});
    player.src = URL.createObjectURL(await response.blob());
    player.hidden = false;
    await player.play().catch(() => {});
  } catch (error) { showError(error); } finally { button.disabled = false; }
});

document.getElementById("print-preview").addEventListener("click", async () => {
  try {
    const response = await api("POST", "/api/admin/leaflet/preview", collect(), {raw: true});
    document.getElementById("leaflet-img").src = URL.createObjectURL(await response.blob());
    document.getElementById("leaflet").hidden = false;
    document.getElementById("print").hidden = false;
    document.getElementById("leaflet").scrollIntoView({behavior: "smooth"});
  } catch (error) { showError(error, form); }
});

document.getElementById("print").addEventListener("click", async () => {
  try {
    const outcome = await api("POST", "/api/admin/leaflet/print", collect());
    flash(outcome.ok ? t("Đã gửi phiếu tới máy in.") : t("Không in được: ") + (outcome.message || outcome.reason), outcome.ok ? "ok" : "bad");
  } catch (error) { showError(error, form); }
});

async function setActive(active) {
  const note = current.tickets_issued ? " " + t("Các {count} số thứ tự đã cấp vẫn giữ nguyên tên thủ tục.", {count: current.tickets_issued}) : "";
  if (!active && !confirm(t("Ngừng áp dụng thủ tục {code}? Kiosk sẽ không cho lấy số thủ tục này nữa.", {code: current.code}) + note)) return;
  try {
    await api("POST", `/api/admin/procedures/${encodeURIComponent(current.code)}/${active ? "restore" : "retire"}`);
    fill(await api("GET", "/api/admin/procedures/" + encodeURIComponent(current.code)));
    showState();
    flash(active ? t("Đã áp dụng lại thủ tục.") : t("Đã ngừng áp dụng thủ tục."));
  } catch (error) { showError(error); }
}
document.getElementById("retire").addEventListener("click", () => setActive(false));
document.getElementById("restore").addEventListener("click", () => setActive(true));

if (new URLSearchParams(location.search).get("created")) flash(t("Đã thêm thủ tục."));
start().catch((error) => showError(error));
