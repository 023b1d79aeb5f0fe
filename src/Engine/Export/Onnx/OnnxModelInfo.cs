namespace QuantGrid.Engine.Export.Onnx;

/// <summary>What an exported ONNX file says about itself in its metadata.</summary>
/// <param name="Model">The model's registry name (cnn, mobilenet, vgg16).</param>
/// <param name="Description">A one-line description: method, bits, seed.</param>
public sealed record OnnxModelInfo(string Model, string Description);
