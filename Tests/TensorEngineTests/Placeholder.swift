// TensorEngineTests
