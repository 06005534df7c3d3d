//! Placeholder while the Luxfin provider is written: every call fails with a clear message.
use super::*;
use crate::link::ProviderId;
use crate::money::Currency;

pub const CAPABILITIES: Capabilities =
    Capabilities { currencies: &[Currency::USD], max_major: Some(1), verify: false, cancel: false, share: false };

pub fn mode_of_key(_key: &str) -> Result<Mode> {
    Err(crate::Error::invalid("key", "Luxfin is not available yet."))
}

pub struct Luxfin;

impl Luxfin {
    pub fn new(_client: reqwest::Client, _config: ProviderConfig) -> Self {
        Luxfin
    }
}

#[async_trait]
impl Provider for Luxfin {
    fn id(&self) -> ProviderId {
        ProviderId::Luxfin
    }
    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }
    async fn create(&self, _key: &SecretString, _req: &CreateRequest<'_>) -> Result<Created, CallError> {
        Err(CallError::NotSent("Luxfin is not available yet.".into()))
    }
    async fn lookup(&self, _key: &SecretString, _link: LinkRef<'_>) -> Result<Lookup, CallError> {
        Err(CallError::NotSent("Luxfin is not available yet.".into()))
    }
}
