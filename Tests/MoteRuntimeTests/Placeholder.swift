// MoteRuntimeTests
