// Small progressive enhancements; every page works without them.
(() => {
  "use strict";

  // A <select data-autosubmit> submits its form when it changes (organization, rows per page).
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.requestSubmit();
    }
  });

  // [data-copy="#id"] copies the field's value (the new API token).
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    const field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    navigator.clipboard?.writeText(field.value).then(() => { button.textContent = "Copied"; });
  });

  // Dropdowns made of <details data-dropdown>: close on a click elsewhere and on Escape.
  const openDropdowns = () => document.querySelectorAll("details[data-dropdown][open]");
  document.addEventListener("click", (event) => {
    for (const details of openDropdowns()) {
      if (!details.contains(event.target)) details.open = false;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const details of openDropdowns()) {
      details.open = false;
      details.querySelector("summary")?.focus();
    }
  });

  // The module menu is a <details>: closed on a phone, always open on a wide screen. CSS shows
  // it open there already (::details-content); setting [open] covers older browsers.
  const wide = window.matchMedia("(min-width: 52rem)");
  const syncMenu = () => {
    const menu = document.querySelector("details[data-sidenav]");
    if (menu) menu.open = wide.matches;
  };
  wide.addEventListener("change", syncMenu);

  // After a refused form, take the keyboard to the error summary (it links to each field).
  const focusErrors = () => {
    const summary = document.querySelector(".form-errors[tabindex]");
    if (summary) summary.focus();
  };

  const ready = () => { syncMenu(); focusErrors(); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
