// @neo4j/graphql over stakegraph's stored model (actors, sectors, PARTNERS_WITH ties) on the
// same Neo4j, for `make bench-api`: POST /graphql on 127.0.0.1:$PORT. The type definitions map
// what the API serves: an actor's sector label, its partners in either direction (as
// stakegraph's Actor.partners), and a degree ranking in Cypher as the analytics query.
import http from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createHandler } from "graphql-http/lib/use/http";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Sector @node {
    code: ID!
    label: String!
    color: String
  }

  type Actor @node {
    id: ID!
    name: String!
    sector: String!
    kind: String
    type: String
    region: String
    sectorInfo: Sector
      @cypher(statement: "MATCH (s:Sector {code: this.sector}) RETURN s", columnName: "s")
    partners(first: Int = 20): [Actor!]!
      @cypher(
        statement: "MATCH (this)-[:PARTNERS_WITH]-(p:Actor) WITH DISTINCT p ORDER BY p.id LIMIT $first RETURN p"
        columnName: "p"
      )
  }


  type Query {
    topByDegree(limit: Int = 20): [Actor!]!
      @cypher(
        statement: "MATCH (a:Actor) WITH a, COUNT { (a)-[:PARTNERS_WITH]-() } AS d ORDER BY d DESC, a.id LIMIT $limit RETURN a"
        columnName: "a"
      )
  }
`;

const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", process.env.NEO4J_PASSWORD || ""));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const handler = createHandler({ schema, context: () => ({}) }); // @neo4j/graphql keeps per-request state in the context
const port = Number(process.env.PORT || 4000);
http
  .createServer((req, res) => {
    if (req.url.startsWith("/graphql")) return handler(req, res);
    if (req.url === "/healthz") return res.writeHead(200, { "Content-Type": "text/plain" }).end("ok\n");
    res.writeHead(404).end();
  })
  .listen(port, "127.0.0.1", () => console.log(`neo4j-graphql: listening on 127.0.0.1:${port}`));
