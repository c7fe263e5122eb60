export {
  type ClientReach,
  PracticeSwitches,
  type SkipReason,
  chooseChannels,
} from './channel-choice';
