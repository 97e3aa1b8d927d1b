"use strict";
const form = document.getElementById("audit-filters");
const ACTIONS = {"procedure.create": "Thêm thủ tục", "procedure.update": "Sửa thủ tục", "procedure.retire": "Ngừng áp dụng",
  "procedure.restore": "Áp dụng lại", "procedure.import.create": "Nhập: thêm", "procedure.import.update": "Nhập: cập nhật",
  "import.apply": "Nhập tệp", "service.create": "Thêm dịch vụ", "service.update": "Sửa dịch vụ", "counter.create": "Thêm quầy",
  "counter.update": "Sửa quầy", "user.create": "Tạo tài khoản", "user.disable": "Khóa tài khoản", "user.enable": "Mở khóa tài khoản",
  "user.password": "Đặt lại mật khẩu", "device.create": "Cấp mã thiết bị", "device.rekey": "Cấp lại mã thiết bị",
  "device.revoke": "Thu hồi mã thiết bị", "settings.update": "Sửa cài đặt"};
const params = new URLSearchParams(location.search);
for (const name of ["entity", "entity_id", "since", "until", "q"]) if (params.get(name)) form.elements[name].value = params.get(name);
let actorsLoaded = false, LABELS = {};

function entityName(entity) {
  return form.elements.entity.querySelector(`option[value="${CSS.escape(entity || "")}"]`)?.textContent || entity;
}

function changed(before, after, labels) {
  if (!before || !after || typeof before !== "object") return null;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return keys.map((k) => Array.isArray(before[k]) || Array.isArray(after[k])
    ? el("div", {class: "block"}, el("b", {}, (labels[k] || k) + ":"), el("del", {}, show(before[k])), el("ins", {}, show(after[k])))
    : el("div", {}, el("b", {}, (labels[k] || k) + ": "), el("del", {}, show(before[k])), " → ", el("ins", {}, show(after[k]))));
}

function show(value) {
  if (Array.isArray(value)) return value.map((d) => d && typeof d === "object" && "name" in d
    ? `• ${d.name} (${d.originals} chính, ${d.copies} sao${d.required ? "" : ", nếu có"})` : "• " + JSON.stringify(d)).join("\n") || "(trống)";
  if (value === true) return "có";
  if (value === false) return "không";
  if (value === null || value === undefined || value === "") return "(trống)";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function nextDay(day) {
  const d = new Date(day + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1); return d.toISOString().slice(0, 10);
}

async function load() {
  const f = form.elements;
  const query = new URLSearchParams({actor: f.actor.value || params.get("actor") || "", entity: f.entity.value,
    entity_id: f.entity_id.value.trim(), since: f.since.value, until: f.until.value ? nextDay(f.until.value) : "", q: f.q.value.trim()});
  let data;
  try { data = await api("GET", "/api/admin/audit?" + query); } catch (error) { showError(error); return; }
  LABELS = data.labels || {};
  if (!actorsLoaded) {
    for (const actor of data.actors) f.actor.append(el("option", {value: actor, selected: actor === params.get("actor")}, actor));
    actorsLoaded = true;
  }
  document.querySelector("#audit tbody").replaceChildren(...data.entries.map((e) => el("tr", {"data-action": e.action},
    el("td", {class: "nowrap"}, formatTime(e.at).slice(0, 16)), el("td", {}, e.actor || "–"), el("td", {}, ACTIONS[e.action] || e.action),
    el("td", {}, entityName(e.entity), e.entity_id ? el("div", {class: "code"}, e.entity_id) : ""),
    el("td", {}, e.summary || ""),
    el("td", {class: "diff"}, changed(e.before, e.after, e.entity === "procedure" ? LABELS : {}) || el("details", {}, el("summary", {}, "Chi tiết"),
      el("pre", {class: "json"}, JSON.stringify({before: e.before, after: e.after}, null, 1)))))));
  if (!data.entries.length) document.querySelector("#audit tbody").append(el("tr", {}, el("td", {colspan: 6, class: "muted"}, "Không có mục nào.")));
}
form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
load();
