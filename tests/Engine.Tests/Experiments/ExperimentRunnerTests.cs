using QuantGrid.Engine.Experiments;
using QuantGrid.Engine.Export;
using QuantGrid.Engine.Inference;
using QuantGrid.Engine.Models;
using QuantGrid.Engine.Quantization;
using QuantGrid.Engine.Search;
using QuantGrid.Engine.Storage;
using QuantGrid.Engine.Training;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Experiments;

public sealed class ExperimentRunnerTests(TrainedCnnFixture cnn) : IClassFixture<TrainedCnnFixture>
{
    [Fact]
    public void Eight_bit_ptq_stays_within_one_point_of_float()
    {
        var outcome = ExperimentRunner.Run(cnn.Request(QuantMethod.Ptq, 8));

        Assert.Equal(ExperimentStatus.Succeeded, outcome.Status);
        Assert.True(outcome.BaselineReused);
        Assert.InRange(cnn.FloatAccuracy - outcome.Accuracy!.Value, -0.01, 0.01);
        Assert.True(cnn.FloatAccuracy > 0.75, $"the float baseline should train ({cnn.FloatAccuracy:P1})");
    }

    [Fact]
    public void Two_bit_qat_beats_two_bit_ptq()
    {
        var ptq = ExperimentRunner.Run(cnn.Request(QuantMethod.Ptq, 2, EdgeLayerPolicy.Uniform));
        var qat = ExperimentRunner.Run(cnn.Request(QuantMethod.Qat, 2, EdgeLayerPolicy.Uniform) with { QatEpochs = 3 });

        Assert.True(qat.Accuracy > ptq.Accuracy + 0.005, $"QAT {qat.Accuracy:P2} should beat PTQ {ptq.Accuracy:P2} at 2 bits");
    }

    [Fact]
    public void An_interrupted_qat_resumes_after_its_last_finished_epoch_and_writes_the_model_an_uninterrupted_run_writes()
    {
        var request = cnn.Request(QuantMethod.Qat, 4, EdgeLayerPolicy.Uniform) with { QatEpochs = 2 };
        var whole = ExperimentRunner.Run(request with { OutputPath = Path.Combine(cnn.Directory, "qat-whole.qgm") });
        var resumedPath = Path.Combine(cnn.Directory, "qat-resumed.qgm");
        using (var cancel = new CancellationTokenSource())
        {
            var stopInSecondEpoch = new SyncProgress<ExperimentProgress>(p =>
            {
                if (p.Phase == ExperimentPhase.FineTuning && p.Epoch == 2)
                {
                    cancel.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => ExperimentRunner.Run(request with { OutputPath = resumedPath }, stopInSecondEpoch, cancel.Token));
        }

        Assert.True(File.Exists(resumedPath + ".resume"));
        var epochs = new List<int>();
        var resumed = ExperimentRunner.Run(request with { OutputPath = resumedPath }, new SyncProgress<ExperimentProgress>(p => epochs.Add(p.Phase == ExperimentPhase.FineTuning ? p.Epoch : 0)));

        Assert.Equal(ExperimentStatus.Succeeded, resumed.Status);
        Assert.DoesNotContain(1, epochs);
        Assert.Contains(2, epochs);
        Assert.Equal(whole.Accuracy, resumed.Accuracy);
        Assert.Equal(File.ReadAllBytes(whole.ModelPath!), File.ReadAllBytes(resumed.ModelPath!));
        Assert.False(File.Exists(resumedPath + ".resume"));
    }

    [Fact]
    public void Qat_distilled_from_the_float_model_succeeds_under_its_own_file_and_learns_other_weights_than_from_labels()
    {
        var labels = cnn.Request(QuantMethod.Qat, 2, EdgeLayerPolicy.Uniform);
        var distilled = labels with { Distill = true };
        Assert.NotEqual(ArtifactPaths.PackedModel(cnn.Directory, labels), ArtifactPaths.PackedModel(cnn.Directory, distilled));

        var fromLabels = ExperimentRunner.Run(labels with { OutputPath = ArtifactPaths.PackedModel(cnn.Directory, labels) });
        var fromFloat = ExperimentRunner.Run(distilled with { OutputPath = ArtifactPaths.PackedModel(cnn.Directory, distilled) });

        Assert.Equal(ExperimentStatus.Succeeded, fromFloat.Status);
        Assert.True(fromFloat.Accuracy > 0.5, $"distilled 2-bit QAT {fromFloat.Accuracy:P1} should be far above chance");
        Assert.True(fromFloat.PackedAgreement >= 0.999, $"packed agreement {fromFloat.PackedAgreement:P2}");
        Assert.NotEqual(File.ReadAllBytes(fromLabels.ModelPath!), File.ReadAllBytes(fromFloat.ModelPath!));
    }

    [Fact]
    public void Adaptive_rounding_does_not_lose_to_nearest_rounding_with_every_weight_ternary()
    {
        var uniform = cnn.Request(QuantMethod.Ptq, 2, EdgeLayerPolicy.Uniform);
        var nearest = uniform with { Quantization = uniform.Quantization with { ActivationBits = 8 }, OutputPath = uniform.OutputPath + ".w2a8" };
        var adaptive = nearest with { Quantization = nearest.Quantization with { Rounding = WeightRounding.Adaptive, AdaRoundSteps = 300, AdaRoundImages = 512 }, OutputPath = nearest.OutputPath + ".ada" };

        var plain = ExperimentRunner.Run(nearest);
        var learned = ExperimentRunner.Run(adaptive);

        Assert.Equal(ExperimentStatus.Succeeded, learned.Status);
        // AdaRound guarantees a lower reconstruction error per layer (AdaptiveRoundingTests); end to end it gains
        // 1.7 points on an Intel Xeon and 2 or more on AMD EPYC here, so only "no worse" is asserted.
        Assert.True(learned.Accuracy >= plain.Accuracy, $"AdaRound {learned.Accuracy:P2} should not lose to nearest rounding {plain.Accuracy:P2} at W2A8");
        Assert.True(learned.PackedAgreement >= 0.999, $"packed agreement {learned.PackedAgreement:P2}");
    }

    [Theory]
    [InlineData(QuantMethod.Ptq, 2)]
    [InlineData(QuantMethod.Ptq, 4)]
    [InlineData(QuantMethod.Ptq, 8)]
    [InlineData(QuantMethod.Qat, 4)]
    public void Packed_model_predicts_what_the_fake_quantized_model_predicts(QuantMethod method, int bits)
    {
        var outcome = ExperimentRunner.Run(cnn.Request(method, bits));

        Assert.True(outcome.PackedAgreement >= 0.999, $"agreement {outcome.PackedAgreement:P2}");
        Assert.Equal(outcome.FakeQuantAccuracy!.Value, outcome.Accuracy!.Value, 3);
        Assert.Equal(new FileInfo(outcome.ModelPath!).Length, outcome.ModelBytes);
    }

    [Theory]
    [InlineData(QuantMethod.Ptq, 8)]
    [InlineData(QuantMethod.Qat, 4)]
    [InlineData(QuantMethod.Float, 8)]
    public void The_onnx_export_of_the_trained_cnn_predicts_what_the_engine_predicts(QuantMethod method, int bits)
    {
        var request = cnn.Request(method, bits);
        var outcome = ExperimentRunner.Run(request with { OnnxPath = Path.ChangeExtension(request.OutputPath, ".onnx") });

        var onnx = outcome.Onnx!;
        Assert.True(File.Exists(onnx.Path));
        Assert.True(onnx.Agreement >= 0.99, $"ONNX Runtime agrees with the engine on {onnx.Agreement:P2}");
        Assert.InRange(onnx.Accuracy - (outcome.FakeQuantAccuracy ?? outcome.Accuracy!.Value), -0.005, 0.005);
        Assert.True(onnx.Fp32MsBatch1 > 0 && onnx.Fp32MsBatch64 > 0);
        Assert.Equal(method != QuantMethod.Float, onnx.Int8MsBatch1 is > 0 && onnx.Int8MsBatch64 is > 0);
        Assert.Equal(method != QuantMethod.Float, File.Exists(OnnxEvaluator.FloatPath(onnx.Path)));
        Assert.Equal(new FileInfo(onnx.Path).Length, onnx.Bytes);
    }

    [Fact]
    public void Packed_files_shrink_with_the_bit_width()
    {
        var sizes = new[] { 8, 4, 2 }.Select(bits => ExperimentRunner.Run(cnn.Request(QuantMethod.Ptq, bits, EdgeLayerPolicy.Uniform))).ToList();
        var floatBytes = (double)sizes[0].FloatModelBytes!.Value;

        Assert.InRange(sizes[0].ModelBytes!.Value / floatBytes, 0.24, 0.30);
        Assert.InRange(sizes[1].ModelBytes!.Value / floatBytes, 0.12, 0.16);
        Assert.InRange(sizes[2].ModelBytes!.Value / floatBytes, 0.06, 0.09);
    }

    [Fact]
    public void Non_finite_weights_fail_the_experiment_with_a_reason()
    {
        var request = cnn.Request(QuantMethod.Qat, 4) with { FloatCheckpointPath = Path.Combine(cnn.Directory, "nan.ckpt") };
        File.Copy(request.FloatCheckpointPath.Replace("nan.ckpt", "cnn.ckpt", StringComparison.Ordinal), request.FloatCheckpointPath);
        var metadata = CheckpointFile.ReadMetadata(request.FloatCheckpointPath);
        using (var model = ModelRegistry.Create("cnn", 0))
        {
            CheckpointFile.Load(model, request.FloatCheckpointPath, "cnn");
            using (no_grad())
            {
                model.parameters().Last().fill_(float.NaN);
            }

            CheckpointFile.Save(model, metadata, request.FloatCheckpointPath);
        }

        var outcome = ExperimentRunner.Run(request);

        Assert.Equal(ExperimentStatus.Failed, outcome.Status);
        Assert.Contains("diverged", outcome.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.Accuracy);
    }

    [Fact]
    public void A_corrupt_float_checkpoint_is_retrained_not_used_and_the_retraining_leaves_no_resume_state()
    {
        var request = cnn.Request(QuantMethod.Float, 8) with { FloatCheckpointPath = Path.Combine(cnn.Directory, "corrupt.ckpt") };
        var bytes = File.ReadAllBytes(Path.Combine(cnn.Directory, "cnn.ckpt"));
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(request.FloatCheckpointPath, bytes);

        var outcome = ExperimentRunner.Run(request);

        Assert.False(outcome.BaselineReused);
        Assert.Equal(cnn.FloatAccuracy, outcome.Accuracy!.Value, 6);
        CheckpointFile.ReadMetadata(request.FloatCheckpointPath);
        Assert.Empty(Directory.GetFiles(cnn.Directory, "*.resume"));
    }

    [Fact]
    public void A_float_checkpoint_of_the_right_settings_but_another_shape_is_retrained_from_the_seed()
    {
        var request = cnn.Request(QuantMethod.Float, 8) with { FloatCheckpointPath = Path.Combine(cnn.Directory, "other-shape.ckpt") };
        var metadata = CheckpointFile.ReadMetadata(Path.Combine(cnn.Directory, "cnn.ckpt"));
        using (var fiveClasses = ModelRegistry.Create("cnn", seed: 1, classes: 5))
        {
            CheckpointFile.Save(fiveClasses, metadata, request.FloatCheckpointPath);
        }

        var outcome = ExperimentRunner.Run(request);

        Assert.False(outcome.BaselineReused);
        Assert.Equal(cnn.FloatAccuracy, outcome.Accuracy!.Value, 6);
    }

    [Fact]
    public void Damaged_packed_files_are_rejected()
    {
        var outcome = ExperimentRunner.Run(cnn.Request(QuantMethod.Ptq, 4));
        var bytes = File.ReadAllBytes(outcome.ModelPath!);
        var flipped = Path.Combine(cnn.Directory, "flipped.qgm");
        var truncated = Path.Combine(cnn.Directory, "truncated.qgm");
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(flipped, bytes);
        File.WriteAllBytes(truncated, File.ReadAllBytes(outcome.ModelPath!)[..(bytes.Length - 40)]);

        Assert.Contains("corrupt", Assert.Throws<PackedModelException>(() => PackedModelFile.Read(flipped)).Message, StringComparison.Ordinal);
        Assert.Throws<PackedModelException>(() => PackedModelFile.Read(truncated));
        Assert.Contains("bad magic", Assert.Throws<PackedModelException>(() => PackedModelFile.Read(Path.Combine(cnn.Directory, "cnn.ckpt"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_float_evaluation_is_cached_per_checkpoint_and_test_subset()
    {
        var cache = Path.Combine(cnn.Directory, "cnn.ckpt.eval-2000.json");

        var outcome = ExperimentRunner.Run(cnn.Request(QuantMethod.Ptq, 8));

        Assert.True(File.Exists(cache));
        var cached = System.Text.Json.JsonDocument.Parse(File.ReadAllText(cache)).RootElement;
        Assert.Equal(outcome.FloatAccuracy!.Value, cached.GetProperty("Accuracy").GetDouble());
        Assert.Equal(CheckpointFile.ReadMetadata(Path.Combine(cnn.Directory, "cnn.ckpt")).Sha256, cached.GetProperty("CheckpointSha256").GetString());
    }

    [Fact]
    public void A_bit_map_round_trips_through_the_packed_file_and_its_size_is_the_predicted_one()
    {
        var map = BitMap.Parse("w8-3-2/a8-6-4");
        var request = cnn.Request(QuantMethod.Ptq, 8);
        request = request with { Quantization = request.Quantization with { BitMap = map }, OutputPath = Path.Combine(cnn.Directory, "cnn-mixed.qgm") };

        var outcome = ExperimentRunner.Run(request);
        var (packed, metadata) = PackedModelFile.Read(outcome.ModelPath!);

        using (packed)
        {
            Assert.Equal(map.Layers, packed.WeightedLayers.Select(l => l.Bits));
        }

        Assert.Equal(map.ToString(), outcome.BitMap);
        Assert.Equal(map.ToString(), metadata.BitMap);
        Assert.Equal((8, 8), (outcome.WeightBits, outcome.ActivationBits));
        Assert.True(outcome.PackedAgreement >= 0.999, $"agreement {outcome.PackedAgreement:P2}");
        Assert.InRange(outcome.ModelBytes!.Value - LayerProfiles.Of("cnn").PackedBytes([8, 3, 2]), -8, 8);
    }

    [Fact]
    public void Widening_one_layer_of_a_bit_map_does_not_cost_accuracy()
    {
        ExperimentOutcome Run(string map)
        {
            var request = cnn.Request(QuantMethod.Ptq, BitMap.Parse(map).MaxWeightBits);
            return ExperimentRunner.Run(request with { Quantization = request.Quantization with { BitMap = BitMap.Parse(map) }, OutputPath = Path.Combine(cnn.Directory, $"cnn-{map.Replace('/', '_')}.qgm") });
        }

        var narrow = Run("w2-2-2/a8-8-8");
        var wider = Run("w8-2-2/a8-8-8");

        Assert.True(wider.Accuracy >= narrow.Accuracy - 0.03, $"w8-2-2 {wider.Accuracy:P2} against w2-2-2 {narrow.Accuracy:P2}");
    }

    [Fact]
    public void A_single_layer_probe_keeps_every_other_layer_float_and_writes_no_packed_file()
    {
        var request = cnn.Request(QuantMethod.Ptq, 8);
        request = request with { Quantization = request.Quantization with { BitMap = BitMap.Single(3, 1, 8) }, OutputPath = Path.Combine(cnn.Directory, "probe.qgm") };

        var outcome = ExperimentRunner.Run(request);

        Assert.Equal(ExperimentStatus.Succeeded, outcome.Status);
        Assert.False(File.Exists(request.OutputPath));
        Assert.Null(outcome.ModelBytes);
        Assert.InRange(outcome.FloatAccuracy!.Value - outcome.Accuracy!.Value, -0.02, 0.02);
    }

    [Fact]
    public void With_a_validation_split_every_accuracy_is_also_measured_on_it_and_the_test_split_can_be_skipped()
    {
        var request = cnn.Request(QuantMethod.Ptq, 4) with
        {
            Training = cnn.Request(QuantMethod.Ptq, 4).Training with { Epochs = 1 },
            FloatCheckpointPath = Path.Combine(cnn.Directory, "cnn-validation.ckpt"),
            OutputPath = Path.Combine(cnn.Directory, "cnn-validation.qgm"),
            TrainLimit = 1000,
            Validation = 500,
            EvaluateTest = false,
        };

        var outcome = ExperimentRunner.Run(request);

        Assert.Equal(ExperimentStatus.Succeeded, outcome.Status);
        Assert.Null(outcome.Accuracy);
        Assert.Null(outcome.FloatAccuracy);
        Assert.InRange(outcome.ValidationAccuracy!.Value, 0.2, 1.0);
        Assert.InRange(outcome.FloatValidationAccuracy!.Value, 0.2, 1.0);
        Assert.InRange(outcome.OutputSqnrDb!.Value, 3, OutputSqnr.LimitDecibels - 1);
        Assert.EndsWith(";validation=500", CheckpointFile.ReadMetadata(request.FloatCheckpointPath).TrainingKey, StringComparison.Ordinal);
        Assert.Contains("needs a validation split", Assert.Throws<ArgumentException>(() => ExperimentRunner.Run(request with { Validation = 0 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_quantized_alone_to_two_bits_moves_the_outputs_further_from_float_than_at_eight_bits()
    {
        var baseline = cnn.Request(QuantMethod.Ptq, 8) with
        {
            Training = cnn.Request(QuantMethod.Ptq, 8).Training with { Epochs = 1 },
            FloatCheckpointPath = Path.Combine(cnn.Directory, "cnn-sqnr.ckpt"),
            TrainLimit = 1000,
            Validation = 500,
            EvaluateTest = false,
        };
        ExperimentOutcome Probe(int bits) => ExperimentRunner.Run(baseline with
        {
            Quantization = baseline.Quantization with { BitMap = BitMap.Single(3, 1, bits) },
            OutputPath = Path.Combine(cnn.Directory, $"cnn-sqnr-{bits}.qgm"),
        });

        var eight = Probe(8);
        var two = Probe(2);
        var floatModel = ExperimentRunner.Run(baseline with { Method = QuantMethod.Float });

        Assert.True(eight.OutputSqnrDb > two.OutputSqnrDb + 10, $"8-bit {eight.OutputSqnrDb:F1} dB against 2-bit {two.OutputSqnrDb:F1} dB");
        Assert.True(eight.OutputSqnrDb < OutputSqnr.LimitDecibels, "8-bit weights still change the outputs");
        Assert.Null(floatModel.OutputSqnrDb);
    }

    [Fact]
    public void Invalid_bits_are_rejected_before_any_work()
    {
        Assert.Throws<ArgumentException>(() => ExperimentRunner.Run(cnn.Request(QuantMethod.Ptq, 9)));
        Assert.Throws<ArgumentException>(() => ExperimentRunner.Run(cnn.Request(QuantMethod.Ptq, 1)));
    }
}
