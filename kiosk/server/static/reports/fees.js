/* The fee ledger page (/reports/fees): totals of a period, its receipts, voids by a manager, exports. */
"use strict";
const KEY = REPORTS_TOKEN_KEY;          // the same login as the reports page in this tab
let token = sessionStorage.getItem(KEY), me = null;
const $ = id => document.getElementById(id);
const controls = $("controls");
const money = v => v.toLocaleString("vi-VN") + " đ";

function params() {
  const data = new FormData(controls), q = new URLSearchParams({period: data.get("period")});
  for (const name of ["date", "month", "quarter"]) {
    const label = controls.querySelector(`[name=${name}]`).closest("label");
    if (!label.hidden && data.get(name)) q.set(name, data.get(name));
  }
  return q;
}
async function call(method, path, body) {
  const headers = token ? {"Authorization": "Bearer " + token} : {};
  if (body) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {method, headers, cache: "no-store", body: body ? JSON.stringify(body) : undefined});
  if (response.status === 401) { showLogin(""); throw new Error("login"); }
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    throw new Error((data && data.detail && data.detail.message) || "Không thực hiện được.");
  }
  return response;
}
function kpi(label, value) { return el("div", {class: "kpi"}, el("span", {text: label}), el("b", {text: value})); }
function table(tb) {
  return el("div", {class: "card", dataset: {table: tb.key}}, el("h3", {text: tb.title}),
    el("table", {}, el("thead", {}, el("tr", {}, ...tb.headers.map(h => el("th", {text: h})))),
      el("tbody", {}, ...tb.rows.map(row => el("tr", {}, ...row.map(v => el("td", {class: typeof v === "number" ? "num" : "",
        text: v === null ? "" : (typeof v === "number" && v >= 1000 ? v.toLocaleString("vi-VN") : String(v))})))))));
}
function render(body) {
  const l = body.ledger;
  if (!controls.date.value && l.period.kind === "day") controls.date.value = l.period.first;
  $("period").textContent = l.centre + " · " + l.period.label;
  $("totals").replaceChildren(kpi("Tổng đã thu", money(l.total)), kpi("Số phiếu thu", String(l.count)),
    kpi("Phiếu đã hủy", l.voided.length + " (" + money(l.voided_total) + ")"),
    kpi("Chuyển khoản chờ xác nhận", String(l.pending_transfers.length)));
  $("tables").replaceChildren(...body.tables.filter(t => t.key.startsWith("by_")).map(table));
  const canVoid = ["manager", "admin"].includes(me.role);
  $("receipts").tBodies[0].replaceChildren(...l.receipts.map(r => el("tr", {dataset: {receipt: r.id}},
    el("td", {text: r.series + " " + String(r.number).padStart(7, "0")}), el("td", {text: r.issued_at.slice(11, 16)}),
    el("td", {text: r.ticket_number}), el("td", {text: r.procedure_name}), el("td", {class: "num", text: money(r.amount)}),
    el("td", {text: r.method === "cash" ? "Tiền mặt" : "Chuyển khoản"}), el("td", {text: r.cashier}),
    el("td", {}, canVoid ? el("button", {type: "button", class: "void", text: "Hủy phiếu", onclick: ev => askVoid(r, ev.target)}) : null))));
  $("voided").tBodies[0].replaceChildren(...l.voided.map(r => el("tr", {class: "voided"},
    el("td", {text: r.series + " " + String(r.number).padStart(7, "0")}), el("td", {text: r.procedure_name}),
    el("td", {class: "num", text: money(r.amount)}), el("td", {text: r.voided_by}), el("td", {text: r.void_reason}))));
}
function askVoid(receipt, button) {
  const reason = el("input", {type: "text", maxlength: "300", placeholder: "Lý do hủy", class: "void-reason"});
  const confirm = el("button", {type: "button", class: "void-confirm", text: "Xác nhận hủy", onclick: async () => {
    try { await call("POST", "/api/receipts/" + receipt.id + "/void", {reason: reason.value}); load(); }
    catch (e) { $("error").textContent = e.message; }
  }});
  button.replaceWith(reason, confirm);
  reason.focus();
}
async function load() {
  $("error").textContent = "";
  try { render(await (await call("GET", "/api/fees/ledger?" + params())).json()); }
  catch (e) { if (e.message !== "login") $("error").textContent = e.message; }
}
async function download(kind, format) {
  try {
    const path = kind === "ledger" ? "/api/fees/ledger/export" : "/api/fees/receipts/export";
    const response = await call("GET", path + "?format=" + format + "&" + params());
    const match = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") || "");
    const a = el("a", {href: URL.createObjectURL(await response.blob()), download: match ? match[1] : kind + "." + format});
    document.body.append(a); a.click(); a.remove();
  } catch (e) { if (e.message !== "login") $("error").textContent = e.message; }
}
function showLogin(message) { $("app").hidden = true; $("login").hidden = false; $("login-error").textContent = message; }
async function start() {
  me = await fetch("/api/auth/me", {headers: token ? {"Authorization": "Bearer " + token} : {}})
    .then(r => r.ok ? r.json() : null).catch(() => null);
  if (!me || !["admin", "manager"].includes(me.role)) { showLogin(me ? "Tài khoản không có quyền xem sổ thu phí." : ""); return; }
  $("who").textContent = me.name; $("login").hidden = true; $("app").hidden = false;
  load();   // no date asked: the server answers for the centre's today, whatever the browser's zone
}
bindLogin(signedIn => { token = signedIn; start(); });
controls.addEventListener("submit", event => { event.preventDefault(); load(); });
controls.period.addEventListener("change", () => controls.querySelectorAll("label[data-for]").forEach(
  l => l.hidden = !l.dataset.for.split(" ").includes(controls.period.value)));
controls.querySelectorAll("[data-export]").forEach(b => b.addEventListener("click", () => download(b.dataset.export, b.dataset.format)));
start();
