// The domain speaks JSON values (stored configuration, change values): whoever imports it gets them too.
@_exported import JSONCore
