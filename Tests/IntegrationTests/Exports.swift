// Every file of this target sees the shared test support (server process, test client, seeded
// generator, book fixtures) without importing it one file at a time.
@_exported import CreditTestSupport
