package openapi

// The key sets of recorded real Fastly responses (go-fastly's recorded
// fixtures of 2019 to 2025, as the spec's descriptions cite them), and the
// keys Fastly's automation tokens carry since September 2026 ("Automation
// tokens now support multiple roles",
// https://www.fastly.com/documentation/reference/changes/2026/09/automation-tokens-multiple-roles/).
// The spec's schemas and the in-memory API's answers are held to them, key
// for key (openapi/spec_test.go, api/contract_test.go).
var (
	// RecordedTokenKeys are the keys of a token in get-token,
	// get-token-current and the token lists.
	RecordedTokenKeys = []string{"created_at", "customer_id", "expires_at", "id", "ip", "last_used_at", "name", "scope", "scopes",
		"service_id", "services", "sudo_expires_at", "user_agent", "user_id"}
	// RecordedCreatedTokenKeys are the keys of create-token's answer.
	RecordedCreatedTokenKeys = []string{"access_token", "created_at", "customer_id", "expires_at", "id", "name", "scope",
		"service_id", "services", "updated_at", "user_id"}
	// RecordedAutomationCreatedKeys are the keys of create-automation-token's
	// answer (2025).
	RecordedAutomationCreatedKeys = []string{"access_token", "created_at", "customer_id", "expires_at", "id", "ip", "last_used_at",
		"name", "role", "scope", "services", "tls_access", "user_agent"}
	// RecordedAutomationKeys are the keys of get-automation-token-id's
	// answer (2025): no tls_access, no customer_id.
	RecordedAutomationKeys = []string{"access_token", "created_at", "expires_at", "id", "ip", "last_used_at", "name", "role",
		"scope", "services", "user_agent"}
	// RecordedAutomationEntryKeys are the keys of an entry of
	// list-automation-tokens (2025): scopes as one string, no scope.
	RecordedAutomationEntryKeys = []string{"access_token", "created_at", "creator_id", "expires_at", "id", "ip", "last_used_at",
		"name", "role", "scopes", "service_id", "services", "sudo_expires_at", "tls_access", "user_agent"}
	// AutomationKeys2026 are the keys every automation token answer has
	// carried since September 2026, beside the recorded ones.
	AutomationKeys2026 = []string{"limit_services", "limit_workspaces", "roles", "workspaces"}
)
