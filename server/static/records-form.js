// The records form: <shacl-form> draws the fields from the shapes the server derived from
// shapes/records.ttl; on submit its Turtle goes into the ordinary form (with the CSRF token
// and one-time form id) and is posted like an uploaded Turtle file. The server's pySHACL run
// is the gate; the component's own check only marks fields in the browser.
(function () {
  const shacl = document.getElementById("record-form");
  const post = document.getElementById("form-post");
  if (!shacl || !post) return;
  post.addEventListener("submit", async (event) => {
    event.preventDefault();
    const valid = await shacl.validate(false);
    if (!valid) {
      document.getElementById("form-error").hidden = false;
      return;
    }
    post.querySelector("textarea[name=turtle]").value = shacl.serialize("text/turtle");
    post.submit();
  });
})();
