// MoteRuntime: work in progress; see issue 2.
