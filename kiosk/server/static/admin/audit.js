"use strict";
const form = document.getElementById("audit-filters");
const ACTIONS = {"procedure.create": t("Thêm thủ tục"), "procedure.update": t("Sửa thủ tục"), "procedure.retire": t("Ngừng áp dụng"),
  "procedure.restore": t("Áp dụng lại"), "procedure.import.create": t("Nhập: thêm"), "procedure.import.update": t("Nhập: cập nhật"),
  "import.apply": t("Nhập tệp"), "service.create": t("Thêm dịch vụ"), "service.update": t("Sửa dịch vụ"), "counter.create": t("Thêm quầy"),
  "counter.update": t("Sửa quầy"), "user.create": t("Tạo tài khoản"), "user.disable": t("Khóa tài khoản"), "user.enable": t("Mở khóa tài khoản"),
  "user.password": t("Đặt lại mật khẩu"), "device.create": t("Cấp mã thiết bị"), "device.rekey": t("Cấp lại mã thiết bị"),
  "device.revoke": t("Thu hồi mã thiết bị"), "settings.update": t("Sửa cài đặt")};
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
    ? t("• {name} ({originals} chính, {copies} sao{optional})", {name: d.name, originals: d.originals, copies: d.copies, optional: d.required ? "" : t(", nếu có")}) : "• " + JSON.stringify(d)).join("\n") || t("(trống)");
  if (value === true) return t("có");
  if (value === false) return t("không");
  if (value === null || value === undefined || value === "") return t("(trống)");
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
    el("td", {class: "diff"}, changed(e.before, e.after, e.entity === "procedure" ? LABELS : {}) || el("details", {}, el("summary", {}, t("Chi tiết")),
      el("pre", {class: "json"}, JSON.stringify({before: e.before, after: e.after}, null, 1)))))));
  if (!data.entries.length) document.querySelector("#audit tbody").append(el("tr", {}, el("td", {colspan: 6, class: "muted"}, t("Không có mục nào."))));
}
form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
load();
