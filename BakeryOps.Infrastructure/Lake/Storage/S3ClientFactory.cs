using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace BakeryOps.Infrastructure.Lake.Storage;

/// <summary>Builds the S3 client from Lake:S3: AWS itself, or an S3-compatible store at Lake:S3:ServiceUrl.</summary>
public static class S3ClientFactory
{
    // The SDK signs for a region even when the endpoint is not AWS; stores such as MinIO accept this default.
    private const string DefaultSigningRegion = "us-east-1";

    public static IAmazonS3 Create(LakeS3Options options)
    {
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            // ServiceURL and RegionEndpoint replace each other in the SDK, so a custom endpoint carries its region as
            // the signing region only.
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = string.IsNullOrEmpty(options.Region) ? DefaultSigningRegion : options.Region;
        }
        else if (!string.IsNullOrEmpty(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        // Without explicit keys the SDK's default chain applies: environment, profile, web identity, container and
        // instance roles.
        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(
                string.IsNullOrEmpty(options.SessionToken)
                    ? new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey)
                    : new SessionAWSCredentials(options.AccessKeyId, options.SecretAccessKey, options.SessionToken),
                config);
    }
}
