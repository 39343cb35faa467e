// Starts GraphiQL against this server's /graphql. Everything it loads comes from the server
// itself (see index.html's Content-Security-Policy). Headers are editable, so a client can
// send "Authorization": "Bearer <token>".
(function () {
  var fetcher = GraphiQL.createFetcher({ url: new URL("/graphql", window.location.href).toString() });
  var defaultQuery = [
    "# stakegraph: stakeholder network analytics. Try:",
    "{",
    "  graphVersion",
    "  centrality(metric: BETWEENNESS, first: 5) {",
    "    edges { node { rank score actor { name sector { code } } } }",
    "  }",
    "}",
    ""
  ].join("\n");
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: defaultQuery,
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false
  }));
})();
