"use strict";
let chosen = null, plan = null, LABELS = {};

function show(value) {
  if (Array.isArray(value)) return value.map((d) => t("• {name} ({originals} chính, {copies} sao{optional})", {name: d.name, originals: d.originals, copies: d.copies, optional: d.required ? "" : t(", nếu có")})
    + (d.official_name && d.official_name !== d.name ? "\n   " + t("Tên chính thức: {name}", {name: d.official_name}) : "")).join("\n");
  if (value === true) return t("có");
  if (value === false) return t("không");
  return value === null || value === undefined || value === "" ? t("(trống)") : String(value);
}

function changeRow(item) {
  const fields = item.status === "new" ? [] : item.fields;
  return el("tr", {"data-code": item.code, class: "item " + item.status},
    el("td", {}, item.row),
    el("td", {class: "code"}, item.code),
    el("td", {}, el("span", {class: "badge " + item.status}, item.status === "new" ? t("Mới") : t("Thay đổi"))),
    el("td", {class: "names"}, el("div", {class: "short-name"}, el("b", {}, item.name)),
      item.after.official_name && item.after.official_name !== item.name
        ? el("div", {class: "official-name muted"}, t("Tên chính thức: ") + item.after.official_name) : "",
      item.after.fee_other ? el("div", {class: "fee-other problem"}, t("Phí của cơ quan khác, không hiện cho người dân: ")
        + item.after.fee_other) : "",
      item.notes.length ? el("ul", {class: "problems muted"}, item.notes.map((n) => el("li", {}, n))) : ""),
    el("td", {class: "diff"}, item.status === "new" ? t("Thủ tục mới") : fields.map((f) => f === "documents"
      ? el("div", {class: "block"}, el("b", {}, (LABELS[f] || f) + ":"), el("del", {}, show(item.before[f])), el("ins", {}, show(item.after[f])))
      : el("div", {}, el("b", {}, (LABELS[f] || f) + ": "), el("del", {}, show(item.before[f])), " → ", el("ins", {}, show(item.after[f]))))),
  );
}

function render(data) {
  plan = data;
  LABELS = data.labels || {};
  document.getElementById("preview").hidden = false;
  document.getElementById("preview-title").textContent = t("Xem trước: ") + data.file;
  const c = data.counts;
  document.getElementById("counts").replaceChildren(
    el("span", {id: "count-new"}, el("b", {}, c.new), t("mới")),
    el("span", {id: "count-changed"}, el("b", {}, c.changed), t("thay đổi")),
    el("span", {id: "count-unchanged"}, el("b", {}, c.unchanged), t("không đổi")),
    el("span", {id: "count-problems", class: c.problems ? "problem" : ""}, el("b", {}, c.problems), t("lỗi")));
  const problems = document.getElementById("problems");
  problems.replaceChildren(data.problems.length ? el("div", {class: "card"},
    el("p", {class: "problem"}, el("b", {}, t("Tệp có lỗi nên chưa thể áp dụng. Không có gì bị thay đổi. Hãy sửa tệp rồi xem trước lại."))),
    el("table", {id: "problem-table"},
      el("thead", {}, el("tr", {}, el("th", {}, t("Dòng")), el("th", {}, t("Cột")), el("th", {}, t("Lỗi")), el("th", {}, t("Chi tiết kỹ thuật")))),
      el("tbody", {}, data.problems.map((p) => el("tr", {class: "problem-row"},
        el("td", {}, p.row ?? "–"), el("td", {}, (p.column || "–") + (p.cell ? " " + t("(ô {cell})", {cell: p.cell}) : "")),
        el("td", {}, p.message), el("td", {class: "muted"}, p.reason)))))) : "");
  const items = [...data.new, ...data.changed].sort((a, b) => a.row - b.row);
  document.getElementById("changes").replaceChildren(items.length ? el("table", {id: "change-table"},
    el("thead", {}, el("tr", {}, el("th", {}, t("Dòng")), el("th", {}, t("Mã")), el("th", {}, ""), el("th", {}, t("Tên ngắn (kiosk đọc) và tên chính thức")), el("th", {}, t("Thay đổi")))),
    el("tbody", {}, items.map(changeRow))) : el("p", {class: "muted"}, data.ok ? t("Không có gì thay đổi.") : ""));
  const apply = document.getElementById("apply");
  apply.disabled = !data.ok || !items.length;
  document.getElementById("apply-note").textContent = data.ok
    ? (items.length ? t("Sẽ {what} thủ tục, tất cả trong một lần.", {what: [c.new ? t("thêm {count}", {count: c.new}) : "",
      c.changed ? t("cập nhật {count}", {count: c.changed}) : ""].filter(Boolean).join(t(" và "))}) : "") : "";
}

document.getElementById("import-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  chosen = document.getElementById("file").files[0];
  if (!chosen) { flash(t("Hãy chọn một tệp."), "bad"); return; }
  try {
    render(await api("POST", "/api/admin/import/preview?filename=" + encodeURIComponent(chosen.name), chosen));
  } catch (error) { showError(error); }
});

document.getElementById("apply").addEventListener("click", async () => {
  if (!plan || !chosen) return;
  const url = `/api/admin/import/apply?filename=${encodeURIComponent(chosen.name)}&fingerprint=${plan.fingerprint}`;
  try {
    const result = await api("POST", url, chosen);
    document.getElementById("preview").hidden = true;
    flash(t("Đã nhập xong: {new} thủ tục mới, {changed} thủ tục cập nhật.", {new: result.counts.new, changed: result.counts.changed}));
    plan = null;
  } catch (error) { showError(error); }
});

document.getElementById("cancel").addEventListener("click", () => {
  document.getElementById("preview").hidden = true; plan = null;
});
