import { initAll } from "./govuk-frontend.min.js";

// GOV.UK Frontend's page template sets these classes with an inline script,
// which our Content-Security-Policy (script-src 'self') forbids. A module
// script only runs in browsers that support modules, which is what
// "govuk-frontend-supported" means, so it is safe to set both here.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A long list's filters take a phone's whole screen: fold them away there unless a search
// is in use. Without JavaScript they stay open.
if (window.matchMedia("(max-width: 40.0525em)").matches) {
  for (const details of document.querySelectorAll("details[data-csp-fold-on-phone]")) {
    if (!details.hasAttribute("data-csp-keep-open")) {
      details.open = false;
    }
  }
}
