// Small enhancements; every page works without them. No inline scripts (the site's CSP forbids them).
document.addEventListener("click", function (event) {
  var trigger = event.target.closest("[data-kp-print]");
  if (trigger) {
    event.preventDefault();
    window.print();
  }
});
