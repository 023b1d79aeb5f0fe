using QuantGrid.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddQuantGridSilo();

var app = builder.Build();
app.MapQuantGridEndpoints();
await app.RunAsync();
