namespace ImagingClient.Models;

/// <summary>What a model does.</summary>
internal enum ImageOperation
{
    Generate,
    Edit,
}
