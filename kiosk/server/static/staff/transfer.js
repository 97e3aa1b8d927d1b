/* Transfer to another service: staff always choose the service, nothing is chosen for them.
   F8 opens the list; the service's digit (or Tab, then Enter) transfers; Esc cancels. */
"use strict";

let transferTicket = null;

function askTransfer() {
  const ticket = current();
  if (!ticket) return;
  transferTicket = ticket;
  const choices = services.filter(s => s.id !== ticket.service_id);
  $("transfer-title").textContent = "Chuyển số " + ticket.number + " sang lĩnh vực nào?";
  $("transfer-choices").replaceChildren(...choices.map((s, i) => el("button",
    {type: "button", dataset: {service: s.id}, onclick: () => transferTo(s)},
    i < 9 ? el("kbd", {text: String(i + 1)}) : null, s.name)));
  showModal("transfer-overlay", "transfer-dialog", (event) => {
    const choice = /^[1-9]$/.test(event.key) ? choices[Number(event.key) - 1] : null;
    if (choice) { event.preventDefault(); transferTo(choice); }
  });
}

function transferTo(service) {
  const ticket = transferTicket;
  transferTicket = null;
  closeModal();
  if (!ticket) return;
  act(() => api("POST", "/api/tickets/" + ticket.id + "/transfer", {counter_id: counterId, service_id: service.id}),
      "Đã chuyển số " + ticket.number + " sang " + service.name + ".");
}

$("transfer-cancel").addEventListener("click", () => { transferTicket = null; closeModal(); });
