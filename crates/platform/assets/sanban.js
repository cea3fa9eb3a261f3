// Behaviour the pages need, kept out of inline attributes so that the Content-Security-Policy
// can forbid inline script: a stored 标题 or 意见 that slips past escaping still cannot run.
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) {
    e.preventDefault();
    window.print();
  }
  // Without a page to go back to, the link's own address (the home page) is followed.
  if (e.target.closest("[data-back]") && window.history.length > 1) {
    e.preventDefault();
    window.history.back();
  }
});
document.addEventListener("submit", function (e) {
  var f = e.target.closest("form[data-confirm]");
  if (f && !window.confirm(f.getAttribute("data-confirm"))) {
    e.preventDefault();
  }
}, true);
