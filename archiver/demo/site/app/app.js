// The app edition: the page is an empty shell; its story comes from the JSON API.
(function () {
  var root = document.getElementById("root");
  root.textContent = "Loading\u2026";
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    return node;
  }
  function lazyImages() {
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        entry.target.src = entry.target.getAttribute("data-src");
        seen.unobserve(entry.target);
      });
    });
    document.querySelectorAll("img[data-src]").forEach(function (img) { seen.observe(img); });
  }
  fetch(root.getAttribute("data-api") || "/api/articles/ferry-strike-called-off.json")
    .then(function (response) { return response.json(); })
    .then(function (story) {
      document.title = story.title + " | The Harbour Courier";
      root.textContent = "";
      var article = el("article");
      article.appendChild(el("h1", story.title));
      article.appendChild(el("p", "By " + story.author, {"class": "byline"}));
      article.appendChild(el("time", story.published, {"datetime": story.published}));
      story.paragraphs.forEach(function (text) { article.appendChild(el("p", text)); });
      story.images.forEach(function (image) {
        var figure = el("figure");
        figure.appendChild(el("img", "", {"src": "/app/placeholder.gif", "data-src": image.url,
                                          "alt": image.alt, "width": "640", "height": "400"}));
        figure.appendChild(el("figcaption", image.caption));
        article.appendChild(figure);
      });
      var related = el("aside");
      related.appendChild(el("h2", "Related"));
      (story.related || []).forEach(function (link) {
        related.appendChild(el("a", link.title, {"href": link.url}));
      });
      root.appendChild(article);
      root.appendChild(related);
      lazyImages();
    });
})();
