// Small enhancements; every page works without them. No inline scripts (the site's CSP forbids them).
// Loaded deferred on every page instead of Bootstrap's 80 KB bundle: the menu and the programme
// filter only need their collapse toggled.
document.addEventListener("click", function (event) {
  var trigger = event.target.closest("[data-kp-print]");
  if (trigger) {
    event.preventDefault();
    window.print();
    return;
  }
  var toggle = event.target.closest('[data-bs-toggle="collapse"]');
  var target = toggle && document.querySelector(toggle.getAttribute("data-bs-target"));
  if (target) {
    var open = target.classList.toggle("show");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.classList.toggle("collapsed", !open);
  }
});
