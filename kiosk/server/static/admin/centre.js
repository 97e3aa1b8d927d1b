"use strict";
let services = [];

function input(name, value, attrs = {}) { return el("input", {name, value: value ?? "", ...attrs}); }

function serviceRow(s) {
  const isNew = !s;
  s = s || {id: "", name: "", name_en: "", fields: [], range_start: "", range_end: "", waiting_area: "", active: 1};
  const row = el("tr", {"data-id": s.id},
    el("td", {}, isNew ? input("id", "", {placeholder: "VD: TP", "aria-label": t("Mã dịch vụ")}) : el("span", {class: "code"}, s.id)),
    el("td", {}, input("name", s.name, {"aria-label": t("Tên dịch vụ")})),
    el("td", {}, input("name_en", s.name_en, {"aria-label": t("Tên tiếng Anh")})),
    el("td", {}, input("fields", (s.fields || []).join("; "), {"aria-label": t("Lĩnh vực")})),
    el("td", {}, input("range_start", s.range_start, {type: "number", "aria-label": t("Số đầu")})),
    el("td", {}, input("range_end", s.range_end, {type: "number", "aria-label": t("Số cuối")})),
    el("td", {}, input("waiting_area", s.waiting_area, {"aria-label": t("Khu vực chờ")})),
    el("td", {}, el("input", {type: "checkbox", name: "active", checked: !!s.active, "aria-label": t("Hoạt động")})),
    el("td", {}, el("button", {type: "button", class: isNew ? "primary" : "", onclick: () => saveService(row, isNew)}, isNew ? t("Thêm") : t("Lưu"))));
  return row;
}

async function saveService(row, isNew) {
  const get = (n) => row.querySelector(`[name="${n}"]`);
  const data = {name: get("name").value, name_en: get("name_en").value, waiting_area: get("waiting_area").value,
    fields: get("fields").value.split(";").map((f) => f.trim()).filter(Boolean),
    range_start: parseInt(get("range_start").value, 10), range_end: parseInt(get("range_end").value, 10),
    active: get("active").checked};
  if (isNaN(data.range_start)) data.range_start = null;
  if (isNaN(data.range_end)) data.range_end = null;
  try {
    if (isNew) await api("POST", "/api/admin/services", {id: get("id").value, ...data});
    else await api("PUT", "/api/admin/services/" + encodeURIComponent(row.dataset.id), data);
    flash(t("Đã lưu dịch vụ."));
    load();
  } catch (error) { showError(error); }
}

function counterRow(c) {
  const isNew = !c;
  c = c || {id: "", name: "", services: [], active: 1};
  const row = el("tr", {"data-id": c.id},
    el("td", {}, isNew ? input("id", "", {type: "number", "aria-label": t("Số quầy")}) : String(c.id)),
    el("td", {}, input("name", c.name, {"aria-label": t("Tên quầy")})),
    el("td", {}, services.filter((s) => s.active).map((s) => el("label", {class: "inline"},
      el("input", {type: "checkbox", name: "services", value: s.id, checked: c.services.includes(s.id)}), s.name))),
    el("td", {}, el("input", {type: "checkbox", name: "active", checked: !!c.active, "aria-label": t("Hoạt động")})),
    el("td", {}, el("button", {type: "button", class: isNew ? "primary" : "", onclick: () => saveCounter(row, isNew)}, isNew ? t("Thêm") : t("Lưu"))));
  return row;
}

async function saveCounter(row, isNew) {
  const data = {name: row.querySelector('[name="name"]').value,
    services: [...row.querySelectorAll('[name="services"]:checked')].map((n) => n.value),
    active: row.querySelector('[name="active"]').checked};
  try {
    if (isNew) await api("POST", "/api/admin/counters", {id: parseInt(row.querySelector('[name="id"]').value, 10) || null, ...data});
    else await api("PUT", "/api/admin/counters/" + row.dataset.id, data);
    flash(t("Đã lưu quầy."));
    load();
  } catch (error) { showError(error); }
}

async function load() {
  try {
    services = await api("GET", "/api/admin/services");
    const counters = await api("GET", "/api/admin/counters");
    document.querySelector("#services tbody").replaceChildren(...services.map(serviceRow), serviceRow(null));
    document.querySelector("#counters tbody").replaceChildren(...counters.map(counterRow), counterRow(null));
  } catch (error) { showError(error); }
}
load();
