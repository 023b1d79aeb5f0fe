namespace QuantGrid.Client.Tests;

public sealed class CommandTextTests
{
    [Theory]
    [InlineData("/var/tmp/qg/artifacts", "…/artifacts")]
    [InlineData("/work/shared/data/fashion-mnist/", "…/fashion-mnist")]
    [InlineData("runs/cnn", "runs/cnn")]
    [InlineData("--models", "--models")]
    public void Result_files_record_no_absolute_path(string token, string recorded)
    {
        Assert.Equal(recorded, CommandText.Portable(token));
    }
}
