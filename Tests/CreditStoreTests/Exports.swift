// Every file of this target sees the shared test support (temporary folders, and the rest)
// without importing it one file at a time.
@_exported import CreditTestSupport
