// Package graph holds the GraphQL schema (*.graphqls, the source of truth) and the executor
// gqlgen generates from it. Regenerate with `make generate` (see gqlgen.yml at the top level).
package graph
