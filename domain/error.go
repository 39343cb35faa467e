// Package domain holds stakegraph's domain types: actors, sectors, partnerships and projects,
// the filters and inputs that select and change them, their validation rules, the one error
// type every layer returns, and the service interface the GraphQL layer depends on.
//
// It imports only the standard library, so every other package can depend on it.
package domain

import (
	"errors"
	"fmt"
)

// Error codes. They become the GraphQL `extensions.code` of an error in one place (the error
// presenter in resolvers), so the names follow the GraphQL conventions clients already know.
const (
	EINVALID  = "BAD_USER_INPUT"
	ENOTFOUND = "NOT_FOUND"
	ECONFLICT = "CONFLICT"
	EINTERNAL = "INTERNAL_SERVER_ERROR"
	ETIMEOUT  = "TIMEOUT"
	EUNAVAIL  = "SERVICE_UNAVAILABLE"
)

// Error is an error a user can act on: a code from the list above, a message that is safe to
// show, and optionally the input field it concerns.
type Error struct {
	Code    string
	Message string
	Field   string
	// Cause is what went wrong inside (a driver error behind EINTERNAL): logged, never sent.
	Cause error
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// Internal wraps an unexpected error: the client sees "internal error", the log the cause.
func Internal(cause error) *Error {
	return &Error{Code: EINTERNAL, Message: "internal error", Cause: cause}
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error about one input field.
func FieldErrorf(field, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Field: field}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and EINTERNAL otherwise.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err: its own message if it is an *Error, and a
// generic one otherwise, so that driver or internal details never reach a client.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
