/* The staff console's own dialogs (no-show confirmation, transfer picker): one at a time and
   keyboard only. Esc closes, Tab stays inside, the console's F-keys wait until it is closed. */
"use strict";

let openModal = null;

function showModal(overlayId, focusId, onKey) {
  openModal = {overlay: $(overlayId), onKey: onKey || null};
  openModal.overlay.classList.add("shown");
  $(focusId).focus();
}

function closeModal() {
  if (!openModal) return;
  openModal.overlay.classList.remove("shown");
  openModal = null;
  // Focus goes back to the page, not to the button that opened the dialog: an Enter
  // pressed later must not repeat the action.
  if (document.activeElement) document.activeElement.blur();
}

/* The console's keydown handler asks this first; true when a dialog took the key. */
function modalKey(event) {
  if (!openModal) return false;
  if (event.key === "Escape") { event.preventDefault(); closeModal(); }
  else if (event.key === "Tab") keepFocusInside(event);
  else if (/^F\d+$/.test(event.key)) event.preventDefault();
  else if (openModal.onKey) openModal.onKey(event);
  return true;
}

function keepFocusInside(event) {
  const buttons = [...openModal.overlay.querySelectorAll("button, input, summary")];
  if (!buttons.length) return;
  const at = buttons.indexOf(document.activeElement);
  const next = event.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : (at + 1) % buttons.length;
  event.preventDefault();
  buttons[next].focus();
}
