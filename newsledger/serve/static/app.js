// Optional: pointing at a quote outlines its speaker, cue and row. Reading needs none of this.
document.addEventListener("mouseover", function (ev) {
  var el = ev.target.closest ? ev.target.closest("[data-seq]") : null;
  document.querySelectorAll(".active").forEach(function (n) { n.classList.remove("active"); });
  if (!el) { return; }
  var seq = el.getAttribute("data-seq");
  document.querySelectorAll('[data-seq="' + seq + '"]').forEach(function (n) { n.classList.add("active"); });
  var row = document.getElementById("attr-" + seq);
  if (row) { row.classList.add("active"); }
});
