/// One forward and one backward rule per layer kind, side by side.
extension Network {
    package func layerForward(_ index: Int, _ x: ShapedArray<S>, training: Bool,
                              generator: inout SeededGenerator, variant: KernelVariant) -> LayerRecord<S> {
        let layer = model.layers[index]
        let batch = x.shape[0]
        let outShape = [batch] + model.outputShapes[index]
        let params = trainable[index]
        var record = LayerRecord(input: x, preActivation: x, output: x)
        var z: [S]
        switch layer {
        case let .dense(units, _):
            let inputs = x.count / max(batch, 1)
            z = variant == .fast
                ? DenseKernel.forwardFast(x.scalars, batch: batch, inputs: inputs, weights: params[0].scalars,
                                          bias: params[1].scalars, units: units)
                : DenseKernel.forwardReference(x.scalars, batch: batch, inputs: inputs, weights: params[0].scalars,
                                               bias: params[1].scalars, units: units)
        case let .conv1d(filters, _, _, _, _), let .conv2d(filters, _, _, _, _):
            let g = geometry(index)
            z = variant == .fast
                ? ConvolutionKernel.forwardIm2col(x.scalars, batch: batch, geometry: g, weights: params[0].scalars,
                                                  bias: params[1].scalars, filters: filters)
                : ConvolutionKernel.forwardReference(x.scalars, batch: batch, geometry: g,
                                                     weights: params[0].scalars, bias: params[1].scalars,
                                                     filters: filters)
        case let .depthwiseConv2d(_, multiplier, _, _, _):
            z = variant == .fast
                ? DepthwiseKernel.forwardFast(x.scalars, batch: batch, geometry: geometry(index),
                                              weights: params[0].scalars, bias: params[1].scalars, multiplier: multiplier)
                : DepthwiseKernel.forward(x.scalars, batch: batch, geometry: geometry(index),
                                          weights: params[0].scalars, bias: params[1].scalars, multiplier: multiplier)
        case .maxPool:
            z = PoolingKernel.maxForward(x.scalars, batch: batch, geometry: geometry(index))
        case .averagePool:
            z = PoolingKernel.averageForward(x.scalars, batch: batch, geometry: geometry(index))
        case .globalAveragePool:
            let channels = x.shape[x.shape.count - 1]
            z = ElementKernel.globalAverageForward(x.scalars, batch: batch,
                                                   positions: x.count / max(batch * channels, 1), channels: channels)
        case .flatten, .reshape:
            z = x.scalars
        case let .dropout(rate):
            if training && rate > 0 {
                record.mask = ElementKernel.dropoutMask(count: x.count, rate: rate, generator: &generator)
                z = ElementKernel.product(x.scalars, record.mask)
            } else {
                z = x.scalars
            }
        case .batchNormalization:
            let channels = x.shape[x.shape.count - 1]
            if training {
                (record.mean, record.variance) = NormalizationKernel.statistics(x.scalars, channels: channels)
                record.batchStatistics = true
            } else {
                record.mean = state[index][0].scalars
                record.variance = state[index][1].scalars
            }
            z = NormalizationKernel.forward(x.scalars, mean: record.mean, variance: record.variance,
                                            gamma: params[0].scalars, beta: params[1].scalars)
        }
        // In training, a rectifier (not the last layer's, whose pre-activation is the pass's
        // logits) is applied in place: its gradient reads only the output's signs and ceiling.
        if training, index < model.layers.count - 1, let activation = layer.activation, activation.rectifyInPlace(&z) {
            record.preActivation = ShapedArray(shape: outShape, scalars: z)
            record.output = record.preActivation
            return record
        }
        record.preActivation = ShapedArray(shape: outShape, scalars: z)
        record.output = layer.activation.map { $0.apply(record.preActivation) } ?? record.preActivation
        return record
    }

    /// The input gradient and the trainable-parameter gradients of layer `index`, given `dz`, the
    /// gradient at its pre-activation output.
    package func layerBackward(_ index: Int, _ record: LayerRecord<S>, _ dz: ShapedArray<S>,
                               variant: KernelVariant, inputGradient: Bool = true) -> (ShapedArray<S>, [ShapedArray<S>]) {
        let layer = model.layers[index]
        let x = record.input
        let batch = x.shape[0]
        let params = trainable[index]
        func result(_ dx: [S], _ grads: [[S]] = []) -> (ShapedArray<S>, [ShapedArray<S>]) {
            (dx.isEmpty && x.count > 0 ? ShapedArray(shape: [0], scalars: []) : ShapedArray(shape: x.shape, scalars: dx),
             zip(params, grads).map { ShapedArray(shape: $0.shape, scalars: $1) })
        }
        switch layer {
        case let .dense(units, _):
            let inputs = x.count / max(batch, 1)
            let g = variant == .fast
                ? DenseKernel.backwardFast(x.scalars, batch: batch, inputs: inputs, weights: params[0].scalars,
                                           units: units, outputGradient: dz.scalars, inputGradient: inputGradient)
                : DenseKernel.backwardReference(x.scalars, batch: batch, inputs: inputs, weights: params[0].scalars,
                                                units: units, outputGradient: dz.scalars)
            return result(g.input, [g.weights, g.bias])
        case let .conv1d(filters, _, _, _, _), let .conv2d(filters, _, _, _, _):
            let g = variant == .fast
                ? ConvolutionKernel.backwardIm2col(x.scalars, batch: batch, geometry: geometry(index),
                                                   weights: params[0].scalars, filters: filters,
                                                   outputGradient: dz.scalars, inputGradient: inputGradient)
                : ConvolutionKernel.backwardReference(x.scalars, batch: batch, geometry: geometry(index),
                                                      weights: params[0].scalars, filters: filters,
                                                      outputGradient: dz.scalars)
            return result(g.input, [g.weights, g.bias])
        case let .depthwiseConv2d(_, multiplier, _, _, _):
            let g = variant == .fast
                ? DepthwiseKernel.backwardFast(x.scalars, batch: batch, geometry: geometry(index),
                                               weights: params[0].scalars, multiplier: multiplier, outputGradient: dz.scalars,
                                               inputGradient: inputGradient)
                : DepthwiseKernel.backward(x.scalars, batch: batch, geometry: geometry(index),
                                           weights: params[0].scalars, multiplier: multiplier, outputGradient: dz.scalars)
            return result(g.input, [g.weights, g.bias])
        case .maxPool:
            return result(PoolingKernel.maxBackward(x.scalars, batch: batch, geometry: geometry(index),
                                                    outputGradient: dz.scalars))
        case .averagePool:
            return result(PoolingKernel.averageBackward(batch: batch, geometry: geometry(index),
                                                        outputGradient: dz.scalars))
        case .globalAveragePool:
            let channels = x.shape[x.shape.count - 1]
            return result(ElementKernel.globalAverageBackward(dz.scalars, batch: batch,
                                                             positions: x.count / max(batch * channels, 1),
                                                             channels: channels))
        case .flatten, .reshape:
            return result(dz.scalars)
        case .dropout:
            return result(record.mask.isEmpty ? dz.scalars : ElementKernel.product(dz.scalars, record.mask))
        case .batchNormalization:
            let g = NormalizationKernel.backward(x.scalars, mean: record.mean, variance: record.variance,
                                                 gamma: params[0].scalars, batchStatistics: record.batchStatistics,
                                                 outputGradient: dz.scalars)
            return result(g.input, [g.gamma, g.beta])
        }
    }

    private func geometry(_ index: Int) -> ConvolutionGeometry {
        // Shapes were checked when the model was built, so the window fits.
        model.layers[index].geometry(input: model.inputShape(ofLayer: index))!
    }
}
