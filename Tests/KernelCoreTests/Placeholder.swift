// KernelCoreTests
