export {
  DEFAULT_PROVIDERS,
  PROVIDER_VARIABLES,
  type ProviderChannel,
  type ProviderConfig,
  THREEMA,
  TWILIO,
  optionsFromVariables,
} from './built-in-providers';
export { providerProblem } from './provider-selection';
