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

// The comment form (templates/news/_comment_link.html). A cached article page is the same bytes for
// every reader, so it holds no CSRF token: the form with the reader's own token comes from its page
// (never cached) when the reader asks for it, and takes the link's place. Without this script, or if
// the form cannot be fetched, the link opens that page.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-kp-comment-form]");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
    return;
  }
  var slot = link.closest("[data-kp-comment-slot]");
  if (!slot || !window.fetch || !window.DOMParser) {
    return;
  }
  event.preventDefault();
  link.setAttribute("aria-busy", "true");
  fetch(link.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.text();
    })
    .then(function (html) {
      var form = new DOMParser().parseFromString(html, "text/html").querySelector("form.comment-form");
      if (!form) {
        throw new Error("no form");
      }
      form = document.importNode(form, true);
      // Under the article the form's heading is one level below "Bình luận".
      var heading = form.querySelector("h2");
      if (heading) {
        var lower = document.createElement("h3");
        lower.className = heading.className;
        lower.textContent = heading.textContent;
        heading.replaceWith(lower);
      }
      slot.replaceWith(form);
      var first = form.querySelector("input:not([type=hidden]):not([tabindex='-1']), textarea");
      if (first) {
        first.focus();
      }
    })
    .catch(function () {
      window.location.href = link.href;
    });
});
