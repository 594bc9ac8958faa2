using BakeryOps.Portal.Hosting;

if (await PostgresSchemaScript.TryWriteAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddBakeryOpsPortal();

var app = builder.Build();
await app.PrepareAsync();
app.UseBakeryOpsPortal();
await app.RunAsync();
