"use strict";
let chosen = null, plan = null, LABELS = {};

function show(value) {
  if (Array.isArray(value)) return value.map((d) => `• ${d.name} (${d.originals} chính, ${d.copies} sao${d.required ? "" : ", nếu có"})`
    + (d.official_name && d.official_name !== d.name ? `\n   Tên chính thức: ${d.official_name}` : "")).join("\n");
  if (value === true) return "có";
  if (value === false) return "không";
  return value === null || value === undefined || value === "" ? "(trống)" : String(value);
}

function changeRow(item) {
  const fields = item.status === "new" ? [] : item.fields;
  return el("tr", {"data-code": item.code, class: "item " + item.status},
    el("td", {}, item.row),
    el("td", {class: "code"}, item.code),
    el("td", {}, el("span", {class: "badge " + item.status}, item.status === "new" ? "Mới" : "Thay đổi")),
    el("td", {class: "names"}, el("div", {class: "short-name"}, el("b", {}, item.name)),
      item.after.official_name && item.after.official_name !== item.name
        ? el("div", {class: "official-name muted"}, "Tên chính thức: " + item.after.official_name) : "",
      item.after.fee_other ? el("div", {class: "fee-other problem"}, "Phí của cơ quan khác, không hiện cho người dân: "
        + item.after.fee_other) : "",
      item.notes.length ? el("ul", {class: "problems muted"}, item.notes.map((n) => el("li", {}, n))) : ""),
    el("td", {class: "diff"}, item.status === "new" ? "Thủ tục mới" : fields.map((f) => f === "documents"
      ? el("div", {class: "block"}, el("b", {}, (LABELS[f] || f) + ":"), el("del", {}, show(item.before[f])), el("ins", {}, show(item.after[f])))
      : el("div", {}, el("b", {}, (LABELS[f] || f) + ": "), el("del", {}, show(item.before[f])), " → ", el("ins", {}, show(item.after[f]))))),
  );
}

function render(data) {
  plan = data;
  LABELS = data.labels || {};
  document.getElementById("preview").hidden = false;
  document.getElementById("preview-title").textContent = "Xem trước: " + data.file;
  const c = data.counts;
  document.getElementById("counts").replaceChildren(
    el("span", {id: "count-new"}, el("b", {}, c.new), "mới"),
    el("span", {id: "count-changed"}, el("b", {}, c.changed), "thay đổi"),
    el("span", {id: "count-unchanged"}, el("b", {}, c.unchanged), "không đổi"),
    el("span", {id: "count-problems", class: c.problems ? "problem" : ""}, el("b", {}, c.problems), "lỗi"));
  const problems = document.getElementById("problems");
  problems.replaceChildren(data.problems.length ? el("div", {class: "card"},
    el("p", {class: "problem"}, el("b", {}, "Tệp có lỗi nên chưa thể áp dụng. Không có gì bị thay đổi. Hãy sửa tệp rồi xem trước lại.")),
    el("table", {id: "problem-table"},
      el("thead", {}, el("tr", {}, el("th", {}, "Dòng"), el("th", {}, "Cột"), el("th", {}, "Lỗi"), el("th", {}, "Chi tiết kỹ thuật"))),
      el("tbody", {}, data.problems.map((p) => el("tr", {class: "problem-row"},
        el("td", {}, p.row ?? "–"), el("td", {}, (p.column || "–") + (p.cell ? ` (ô ${p.cell})` : "")),
        el("td", {}, p.message), el("td", {class: "muted"}, p.reason)))))) : "");
  const items = [...data.new, ...data.changed].sort((a, b) => a.row - b.row);
  document.getElementById("changes").replaceChildren(items.length ? el("table", {id: "change-table"},
    el("thead", {}, el("tr", {}, el("th", {}, "Dòng"), el("th", {}, "Mã"), el("th", {}, ""), el("th", {}, "Tên ngắn (kiosk đọc) và tên chính thức"), el("th", {}, "Thay đổi"))),
    el("tbody", {}, items.map(changeRow))) : el("p", {class: "muted"}, data.ok ? "Không có gì thay đổi." : ""));
  const apply = document.getElementById("apply");
  apply.disabled = !data.ok || !items.length;
  document.getElementById("apply-note").textContent = data.ok
    ? (items.length ? "Sẽ " + [c.new ? `thêm ${c.new}` : "", c.changed ? `cập nhật ${c.changed}` : ""].filter(Boolean).join(" và ")
      + " thủ tục, tất cả trong một lần." : "") : "";
}

document.getElementById("import-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  chosen = document.getElementById("file").files[0];
  if (!chosen) { flash("Hãy chọn một tệp.", "bad"); return; }
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
    flash(`Đã nhập xong: ${result.counts.new} thủ tục mới, ${result.counts.changed} thủ tục cập nhật.`);
    plan = null;
  } catch (error) { showError(error); }
});

document.getElementById("cancel").addEventListener("click", () => {
  document.getElementById("preview").hidden = true; plan = null;
});
