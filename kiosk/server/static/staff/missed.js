/* Missed calls at the counter: the recall count a no-show needs, the no-show confirmation
   (F3, then Enter), and today's no-shows to re-queue or undo when the citizen comes back (F9). */
"use strict";

let pendingNoShow = null;

function recallsRequired() { return today ? today.recalls_before_no_show : 1; }

function recallsNote(ticket) {
  const need = recallsRequired(), done = ticket.recalls || 0;
  const short = done < need;
  return el("div", {class: "recalls" + (short ? " short" : ""), id: "recalls",
    text: "Đã gọi lại " + done + " lần" + (short ? " – cần gọi lại (F2) trước khi báo vắng mặt" : "")});
}

function askNoShow() {
  const ticket = current();
  if (!ticket) return;
  const need = recallsRequired();
  if ((ticket.recalls || 0) < need) {
    showError("Vui lòng gọi lại số " + ticket.number + " (F2) ít nhất " + need + " lần trước khi đánh dấu vắng mặt.");
    return;
  }
  pendingNoShow = ticket;
  $("no-show-title").textContent = "Số " + ticket.number + " vắng mặt?";
  $("no-show-text").textContent = "Đã gọi lại " + ticket.recalls + " lần. Nếu công dân quay lại trong ngày, " +
    "số này vẫn được xếp lại hàng chờ (danh sách “Vắng mặt hôm nay”, F9).";
  showModal("no-show-overlay", "no-show-confirm");
}

$("no-show-confirm").addEventListener("click", () => {
  const ticket = pendingNoShow;
  pendingNoShow = null;
  closeModal();
  if (!ticket) return;
  act(() => api("POST", "/api/tickets/" + ticket.id + "/no-show", {counter_id: counterId}),
      "Số " + ticket.number + ": vắng mặt. Hoàn tác hoặc xếp lại ở “Vắng mặt hôm nay” (F9).");
});
$("no-show-cancel").addEventListener("click", () => { pendingNoShow = null; closeModal(); });

const MISSED_ACTIONS = {
  requeue: (t) => (r) => "Đã xếp lại số " + t.number + " vào hàng chờ" +
    (r.people_ahead ? " (" + r.people_ahead + " người phía trước)." : ", sẽ được gọi tiếp theo."),
  "undo-no-show": (t) => (r) => r.status === "called" ? "Đã hoàn tác: số " + t.number + " đang ở quầy này."
    : "Đã hoàn tác: số " + t.number + " trở lại hàng chờ ở vị trí cũ.",
};

function missedButton(ticket, action, label) {
  return el("button", {type: "button", text: label, dataset: {action},
    onclick: () => act(() => api("POST", "/api/tickets/" + ticket.id + "/" + action, {counter_id: counterId}),
                       MISSED_ACTIONS[action](ticket))});
}

/* Re-rendered on every live event: the focused button keeps the focus, so staff moving
   through the list with Tab are not thrown out by a call at another counter. */
function renderMissed() {
  const focused = document.activeElement && document.activeElement.closest("#missed tr[data-ticket]") ?
    [document.activeElement.closest("tr").dataset.ticket, document.activeElement.dataset.action] : null;
  $("missed-title").textContent = "Vắng mặt hôm nay (" + missed.length + ") – công dân quay lại (F9)";
  $("missed").replaceChildren(...(missed.length ? missed.map(t => el("tr", {dataset: {ticket: t.id}},
      el("td", {class: "num", text: t.number}),
      el("td", {}, t.procedure_name, t.priority ? el("div", {}, el("span", {class: "mark", text: "★ " + PRIORITY_VI[t.priority]})) : null,
         el("small", {text: "Vắng mặt lúc " + (t.missed_at || "").slice(11, 16) +
                                                     (t.counter_name ? " · " + t.counter_name : "")})),
      el("td", {class: "actions"}, missedButton(t, "requeue", "Xếp lại hàng chờ"),
         missedButton(t, "undo-no-show", "Hoàn tác"))))
    : [el("tr", {}, el("td", {class: "empty-row", text: "Hôm nay chưa có số nào vắng mặt."}))]));
  if (focused) {
    const again = document.querySelector("#missed tr[data-ticket='" + focused[0] + "'] button[data-action='" + focused[1] + "']")
      || document.querySelector("#missed button");
    if (again) again.focus();
  }
}

function focusMissed() {
  const first = document.querySelector("#missed button");
  if (first) first.focus();
  else showError("Hôm nay chưa có số nào vắng mặt.");
}
