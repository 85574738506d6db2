/// A tensor of the int8 graph: shape (NHWC), element type, quantization, and constant data if any.
public struct GraphTensor: Sendable, Hashable {
    /// Name, for messages and display.
    public var name: String
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Element type.
    public var elementType: ElementType
    /// Quantization parameters; nil for float tensors and for int32 tensors that are not biases.
    public var quantization: Quantization?
    /// Values for constant tensors (weights, biases, shapes); nil for activations.
    public var data: TensorData?

    /// Creates a tensor description.
    public init(name: String, shape: [Int], elementType: ElementType,
                quantization: Quantization? = nil, data: TensorData? = nil) {
        self.name = name
        self.shape = shape
        self.elementType = elementType
        self.quantization = quantization
        self.data = data
    }

    /// Number of elements (the product of the shape; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Whether the tensor holds constant data.
    public var isConstant: Bool { data != nil }
}
