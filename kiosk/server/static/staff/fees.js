/* "Thu phí" (F6) on the ticket being served: staff enter the quantities the fee rule needs,
   the server computes the amount; another amount only with a reason (audited). Then the
   receipt prints on the counter's printer; a transfer shows its VietQR until staff confirm. */
"use strict";

const FEE_LABELS = {pages: "Số trang (mỗi bản)", copies: "Số bản", signatures: "Số chữ ký"};
let feeTicket = null, feeRule = null, feeMethod = "cash", feeQuote = null;

function feeDialog() {
  let overlay = $("fee-overlay");
  if (!overlay) {
    overlay = el("div", {class: "overlay", id: "fee-overlay"},
      el("div", {class: "dialog fee", id: "fee-dialog", role: "dialog", "aria-modal": "true", tabindex: "-1"}));
    document.body.append(overlay);
  }
  return $("fee-dialog");
}

async function askFee() {
  const ticket = current();
  if (!ticket) return;
  feeTicket = ticket; feeMethod = "cash"; feeQuote = null;
  try { feeRule = await api("GET", "/api/tickets/" + ticket.id + "/fee"); }
  catch (error) { showError(error.message); return; }
  const dialog = feeDialog();
  const inputs = feeRule.needs.map(name => el("label", {}, FEE_LABELS[name],
    el("input", {type: "number", min: "1", max: "10000", value: "1", id: "fee-" + name, oninput: feeRecompute})));
  dialog.replaceChildren(
    el("h2", {id: "fee-title", text: "Thu phí – số " + ticket.number}),
    el("p", {class: "fee-procedure", text: ticket.procedure_name}),
    el("p", {class: "fee-text", text: "Lệ phí: " + (feeRule.text || "chưa ghi")}),
    ...inputs,
    el("div", {class: "fee-amount", id: "fee-amount", role: "status"}),
    el("div", {class: "fee-methods"},
      el("button", {type: "button", id: "fee-cash", class: "chosen", text: "Tiền mặt", onclick: () => feeChoose("cash")}),
      el("button", {type: "button", id: "fee-transfer", text: "Chuyển khoản", onclick: () => feeChoose("transfer")})),
    el("details", feeRule.computable ? {id: "fee-override"} : {id: "fee-override", open: ""},
      el("summary", {text: feeRule.computable ? "Thu số tiền khác (cần ghi lý do)" : "Nhập số tiền và lý do"}),
      el("label", {}, "Số tiền (đồng)", el("input", {type: "number", min: "0", id: "fee-manual"})),
      el("label", {}, "Lý do", el("input", {type: "text", maxlength: "300", id: "fee-reason"}))),
    el("div", {class: "problem", id: "fee-problem", role: "alert"}),
    el("button", {type: "button", class: "primary", id: "fee-charge", text: "Thu và in phiếu", onclick: feeCharge}),
    el("button", {type: "button", class: "secondary", id: "fee-close", text: "Đóng", onclick: closeModal}));
  showModal("fee-overlay", inputs.length ? "fee-" + feeRule.needs[0] : "fee-charge");
  feeRecompute();
}

function feeQuantities() {
  return Object.fromEntries(feeRule.needs.map(name => [name, Number($("fee-" + name).value)]));
}

async function feeRecompute() {
  const box = $("fee-amount");
  if (!feeRule.computable) { box.textContent = "Thủ tục chưa có cách tính lệ phí."; return; }
  try {
    feeQuote = await api("POST", "/api/fees/quote", {code: feeRule.code, quantities: feeQuantities()});
    box.textContent = feeQuote.example;
    $("fee-problem").textContent = "";
  } catch (error) { box.textContent = ""; $("fee-problem").textContent = error.message; }
}

function feeChoose(method) {
  feeMethod = method;
  $("fee-cash").classList.toggle("chosen", method === "cash");
  $("fee-transfer").classList.toggle("chosen", method === "transfer");
}

async function feeCharge() {
  const manual = $("fee-manual").value, body = {quantities: feeQuantities(), method: feeMethod};
  if (manual !== "") { body.amount = Number(manual); body.reason = $("fee-reason").value; }
  let receipt;
  try { receipt = await api("POST", "/api/tickets/" + feeTicket.id + "/receipts", body); }
  catch (error) { $("fee-problem").textContent = error.message; return; }
  const printed = await api("POST", "/api/receipts/" + receipt.id + "/print").catch(error => ({message: error.message}));
  feeShowReceipt(receipt, printed);
}

function feeShowReceipt(receipt, printed) {
  const dialog = feeDialog();
  const transfer = receipt.method === "transfer" && !receipt.transfer_confirmed_at;
  dialog.replaceChildren(...[
    el("h2", {text: "Phiếu thu " + receipt.series + " " + receipt.number_text}),
    el("p", {class: "fee-amount", id: "fee-receipt-amount", text: receipt.amount_text + " – " + receipt.amount_words}),
    el("p", {id: "fee-print-result", text: printed.message || ""}),
    transfer ? el("div", {class: "fee-vietqr"},
      el("img", {id: "fee-vietqr", alt: "Mã VietQR chuyển khoản " + receipt.amount_text}),
      el("p", {text: "Nội dung chuyển khoản: " + receipt.transfer_reference}),
      el("button", {type: "button", class: "primary", id: "fee-confirm", text: "Đã nhận chuyển khoản",
                    onclick: () => feeConfirm(receipt)})) : null,
    el("button", {type: "button", class: "secondary", id: "fee-reprint", text: "In lại phiếu thu",
                  onclick: async () => { const again = await api("POST", "/api/receipts/" + receipt.id + "/print");
                                         $("fee-print-result").textContent = again.message; }}),
    el("button", {type: "button", class: "secondary", id: "fee-pdf", text: "Phiếu thu A5 (PDF)",
                  onclick: () => feeOpen("/api/receipts/" + receipt.id + "/receipt.pdf")}),
    el("button", {type: "button", class: "secondary", id: "fee-done", text: "Đóng", onclick: closeModal})]
    .filter(Boolean));
  if (transfer) feeImage("/api/receipts/" + receipt.id + "/vietqr.png", $("fee-vietqr"));
  $("notice").textContent = "Đã thu " + receipt.amount_text + " (phiếu thu số " + receipt.number_text + ").";
}

async function feeConfirm(receipt) {
  try {
    const confirmed = await api("POST", "/api/receipts/" + receipt.id + "/confirm-transfer");
    feeShowReceipt(confirmed, {message: "Đã xác nhận nhận chuyển khoản."});
  } catch (error) { $("fee-print-result").textContent = error.message; }
}

async function feeBlob(path) {
  const response = await fetch(path, {headers: {"Authorization": "Bearer " + token}, cache: "no-store"});
  if (!response.ok) throw new Error("Không tải được tệp.");
  return URL.createObjectURL(await response.blob());
}
async function feeImage(path, image) { image.src = await feeBlob(path); }
async function feeOpen(path) { window.open(await feeBlob(path), "_blank"); }
