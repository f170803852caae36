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

// "Sao chép địa chỉ" (templates/includes/share_links.html): without this script a plain link to the page;
// with it, a button that puts the address on the clipboard and says so, in Vietnamese.
(function () {
  var links = document.querySelectorAll("[data-kp-copy]");
  if (!links.length || !navigator.clipboard) {
    return;
  }
  links.forEach(function (link) {
    link.setAttribute("role", "button");
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-kp-copy]");
    if (!link) {
      return;
    }
    event.preventDefault();
    var status = link.parentNode.querySelector("[data-kp-copy-status]");
    navigator.clipboard.writeText(link.href).then(
      function () {
        status.textContent = "Đã sao chép địa chỉ trang.";
      },
      function () {
        status.textContent = "Không sao chép được: hãy nhấn giữ liên kết và chọn “Sao chép địa chỉ liên kết”.";
      }
    );
  });
})();
