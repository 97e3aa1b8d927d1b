"use strict";
const form = document.getElementById("filters");
const params = new URLSearchParams(location.search);
for (const name of ["q", "field", "status"]) if (params.get(name)) form[name].value = params.get(name);
let fieldsLoaded = false, timer = null;

async function load() {
  const query = new URLSearchParams({q: form.q.value, field: form.field.value, status: form.status.value});
  history.replaceState(null, "", "?" + query);
  let data;
  try { data = await api("GET", "/api/admin/procedures?" + query); } catch (error) { showError(error); return; }
  if (!fieldsLoaded) {
    const chosen = params.get("field") || "";
    for (const field of data.fields) form.field.append(el("option", {value: field, selected: field === chosen}, field));
    fieldsLoaded = true;
  }
  const services = Object.fromEntries(data.services.map((s) => [s.id, s.name]));
  const body = document.querySelector("#procedures tbody");
  body.replaceChildren(...data.procedures.map((p) => el("tr", {class: p.active ? "" : "retired", "data-code": p.code},
    el("td", {class: "code"}, p.code),
    el("td", {}, el("a", {href: "/admin/procedures/" + encodeURIComponent(p.code)}, p.name),
      p.most_requested ? [" ", el("span", {class: "badge new", title: t("Hiện trong nhóm hay dùng trên kiosk")}, t("hay dùng"))] : "",
      p.fee_rule_status === "needs_rule" ? [" ", el("span", {class: "badge off", title: t("Văn bản phí chưa có cách tính: quầy chưa tính được tiền cho thủ tục này")},
        t("chưa có cách tính phí"))] : ""),
    el("td", {}, p.field),
    el("td", {}, services[p.service] || p.service),
    el("td", {class: "nowrap"}, p.documents.length + t(" giấy tờ")),
    el("td", {}, p.active ? el("span", {class: "badge ok"}, t("Đang áp dụng")) : el("span", {class: "badge off"}, t("Đã ngừng"))),
    el("td", {}, el("a", {href: "/admin/procedures/" + encodeURIComponent(p.code)}, t("Sửa"))),
  )));
  document.getElementById("summary").textContent = data.procedures.length + t(" thủ tục");
}

form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
form.q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 200); });
form.field.addEventListener("change", load);
form.status.addEventListener("change", load);
load();
