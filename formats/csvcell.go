package formats

import "strings"

// Spreadsheets run a cell that begins with = + - @ (or a tab or carriage return) as a
// formula; a CSV export must not let stored text do that (OWASP, "CSV Injection"). Such cells
// are written behind a single quote, which spreadsheets show as text, and so is a cell that
// already begins with a quote followed by one of them, so that reading back (UnquoteCell)
// restores every value exactly.

func formulaStart(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// QuoteCell neutralises a cell a spreadsheet would run as a formula.
func QuoteCell(s string) string {
	if formulaStart(s) || (strings.HasPrefix(s, "'") && (formulaStart(s[1:]) || strings.HasPrefix(s[1:], "'"))) {
		return "'" + s
	}
	return s
}

// UnquoteCell undoes QuoteCell.
func UnquoteCell(s string) string {
	if strings.HasPrefix(s, "'") && (formulaStart(s[1:]) || strings.HasPrefix(s[1:], "'")) {
		return s[1:]
	}
	return s
}
