"use strict";
// The fee rule editor on a procedure's page: kinds, amounts, tiers, a sum of parts, and a live
// worked example computed by the server (POST /api/fees/quote), saved with PUT .../fee-rule.
(function () {
  const section = document.getElementById("fee-rule");
  const code = document.getElementById("procedure-form").dataset.code;
  if (!code) return;                                    // a new procedure: save it first
  const KINDS = {free: t("Miễn lệ phí"), flat: t("Theo hồ sơ (mức cố định)"), per_copy: t("Theo bản"),
                 per_page: t("Theo trang (bậc, tối đa mỗi bản)"), per_signature: t("Theo chữ ký"),
                 council: t("Theo mức HĐND tỉnh (nhập mức)"), sum: t("Tổng nhiều khoản")};
  const STATUS = {confirmed: [t("Đã xác nhận"), "ok"], proposed: [t("Đề xuất từ văn bản – cần kiểm tra"), "changed"],
                  needs_rule: [t("Chưa có cách tính"), "bad"]};
  const $ = (id) => document.getElementById(id);
  let root = null;

  const number = (value, label, cls) => el("label", {class: "inline"}, label,
    el("input", {type: "number", min: 0, value: value ?? "", class: cls, oninput: example}));

  function partEditor(rule, top) {
    const kinds = Object.keys(KINDS).filter((k) => top || (k !== "sum" && k !== "free"));
    const box = el("div", {class: "fee-part"});
    const kind = el("select", {class: "fee-kind", onchange: () => { box.replaceWith(partEditor({kind: kind.value}, top).box); example(); }},
      kinds.map((k) => el("option", {value: k, selected: k === rule.kind}, KINDS[k])));
    const fields = el("span", {class: "fee-fields"});
    let read = () => ({kind: kind.value});
    if (["flat", "per_copy", "per_signature", "council"].includes(rule.kind)) {
      fields.append(number(rule.amount, t(" Mức (đồng) "), "fee-amount"));
      read = () => ({kind: kind.value, amount: amountOf(fields.querySelector(".fee-amount"), rule.kind === "council")});
    } else if (rule.kind === "per_page") {
      const tiers = el("span", {class: "fee-tiers"});
      const addTier = (tier) => tiers.append(el("span", {class: "fee-tier"}, number(tier.from_page, t(" từ trang "), "fee-from"),
        number(tier.amount, t(" đồng/trang "), "fee-tier-amount")));
      (rule.tiers || [{from_page: 1, amount: null}]).forEach(addTier);
      fields.append(tiers, el("button", {type: "button", onclick: () => addTier({}), text: t("+ bậc")}),
        number(rule.cap_per_copy, t(" tối đa mỗi bản (đồng, để trống: không) "), "fee-cap"));
      read = () => {
        const cap = fields.querySelector(".fee-cap").value;
        const rule = {kind: "per_page", tiers: [...tiers.children].map((t) => ({
          from_page: amountOf(t.querySelector(".fee-from")), amount: amountOf(t.querySelector(".fee-tier-amount"))}))};
        return cap === "" ? rule : {...rule, cap_per_copy: amountOf(fields.querySelector(".fee-cap"))};
      };
    } else if (rule.kind === "sum") {
      const parts = el("div", {class: "fee-sum"});
      const editors = [];
      const add = (part) => { const editor = partEditor(part, false); editors.push(editor); parts.append(editor.box); };
      (rule.parts || [{kind: "flat"}, {kind: "per_copy"}]).forEach(add);
      fields.append(parts, el("button", {type: "button", text: t("+ khoản"), onclick: () => { add({kind: "flat"}); example(); }}));
      read = () => ({kind: "sum", parts: editors.filter((e) => e.box.isConnected).map((e) => e.read())});
    }
    box.append(kind, fields);
    const editor = {box, read: () => read()};
    if (top) root = editor;
    return editor;
  }

  function amountOf(input, optional) {
    if (input.value === "") return optional ? null : undefined;
    return Number(input.value);
  }

  async function example() {
    if (!root) return;
    const quantities = {pages: +$("fee-example-pages").value, copies: +$("fee-example-copies").value,
                        signatures: +$("fee-example-signatures").value};
    try {
      const quote = await api("POST", "/api/fees/quote", {rule: root.read(), quantities});
      $("fee-example").textContent = quote.computable ? t("Ví dụ: ") + quote.example : t("Chưa tính được: hãy nhập mức do HĐND tỉnh quy định.");
      $("fee-example").className = "fee-example";
    } catch (error) {
      $("fee-example").textContent = error.message;
      $("fee-example").className = "fee-example bad";
    }
  }

  function show(view) {
    const [label, cls] = STATUS[view.status];
    $("fee-rule-status").textContent = label;
    $("fee-rule-status").className = "badge " + cls;
    $("fee-rule-parts").replaceChildren(partEditor(view.rule || {kind: "free"}, true).box);
    section.hidden = false;
    example();
  }

  async function save(rule) {
    try {
      show(await api("PUT", "/api/admin/procedures/" + encodeURIComponent(code) + "/fee-rule", {rule}));
      flash(t("Đã lưu cách tính lệ phí."));
    } catch (error) { flash(error.message, "bad"); }
  }

  ["pages", "copies", "signatures"].forEach((q) => $("fee-example-" + q).addEventListener("input", example));
  $("fee-rule-save").addEventListener("click", () => save(root.read()));
  $("fee-rule-clear").addEventListener("click", () => save(null));
  api("GET", "/api/procedures/" + encodeURIComponent(code) + "/fee").then(show).catch(() => {});
})();
