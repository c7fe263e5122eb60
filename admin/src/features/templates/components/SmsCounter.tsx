import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { useDeferredValue, useMemo } from 'react';
import { useIntl } from 'react-intl';
import {
  analyzeSms,
  hasEmoji,
  smartEncode,
  smartEncodingSuggestion,
  smsWarnings,
} from '../../../../../shared/sms';
import { TEXT_LIMITS } from '../../../../../shared/text-limits';
import { useUnitPrices } from '../../practices/PracticeSwitcher';
import { getTranslation } from '../../../utils/getTranslation';

interface Props {
  /** what will be sent: for a template, its text rendered with typical values */
  text: string;
  /** a template's own text: the smart-encoding suggestion rewrites this one, and its length is shown as a detail */
  source?: string;
  /** a template rendered with the longest values of the practice: shown beside the typical case */
  worstCase?: string | null;
  channel: 'sms' | 'threema' | 'email';
  onApplySuggestion?: (text: string) => void;
}

/**
 * The live counter under a text field: computed in the browser on every
 * keystroke (the same module the server uses), no round trip.
 */
export const SmsCounter = ({ text, source, worstCase, channel, onApplySuggestion }: Props) => {
  // what the acting practice pays per unit (GET /practices/mine): the record's inside a side panel
  const prices = useUnitPrices();
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  // Beyond the channel's limit the text cannot be sent, and analysing it would freeze the page
  // (the analysis grows much faster than the text): say so instead.
  const maxCharacters = TEXT_LIMITS.body[channel];
  const analysis = useMemo(
    () => (channel !== 'email' && text.length <= maxCharacters ? analyzeSms(text) : null),
    [text, channel, maxCharacters]
  );
  // The suggestion analyses the rewritten text once more: it may lag a
  // keystroke behind so that typing stays within one frame.
  const deferredText = useDeferredValue(text);
  const suggestion = useMemo(
    () =>
      channel === 'sms' && deferredText.length <= maxCharacters
        ? smartEncodingSuggestion(deferredText)
        : null,
    [deferredText, channel, maxCharacters]
  );
  const worst = useMemo(
    () =>
      channel !== 'email' && worstCase && worstCase.length <= maxCharacters
        ? analyzeSms(worstCase)
        : null,
    [worstCase, channel, maxCharacters]
  );
  if (channel === 'email') return null;
  if (!analysis) {
    return (
      <Box paddingTop={2} data-testid="sms-counter">
        <Typography variant="pi" textColor="danger600" data-testid="counter-too-long">
          {t('counter.tooLong', 'The text has {length} characters; at most {limit} are allowed.', {
            length: text.length.toLocaleString(locale),
            limit: maxCharacters.toLocaleString(locale),
          })}
        </Typography>
      </Box>
    );
  }

  const limit =
    analysis.segments <= 1
      ? analysis.unitsPerSegment
      : analysis.segments * analysis.unitsPerSegment;
  // null while the practice's prices are not known yet: no cost rather than a wrong one
  const costTenth = !prices
    ? null
    : channel === 'sms'
      ? analysis.segments * prices.sms
      : prices.threema;
  const offending = new Set(analysis.nonGsmCharacters);
  const warnings = channel === 'sms' ? smsWarnings(text, analysis) : [];
  const health = warnings.find((warning) => warning.code === 'health');

  return (
    <Box paddingTop={2} data-testid="sms-counter">
      <Flex gap={3} wrap="wrap">
        {channel === 'sms' && (
          <>
            <Typography variant="pi" data-testid="counter-units">
              {t('counter.units', '{units} / {limit} characters', { units: analysis.units, limit })}
            </Typography>
            <Typography variant="pi" fontWeight="bold" data-testid="counter-segments">
              {t('counter.segments', '{segments, plural, one {# SMS} other {# SMS}}', {
                segments: analysis.segments,
              })}
            </Typography>
            <Badge active={analysis.encoding === 'GSM-7'} data-testid="counter-encoding">
              {analysis.encoding}
            </Badge>
            <Typography variant="pi" textColor="neutral600" data-testid="counter-left">
              {t('counter.left', '{left} left in this SMS', { left: analysis.unitsLeft })}
            </Typography>
          </>
        )}
        {costTenth !== null && (
          <Typography variant="pi" textColor="neutral600" data-testid="counter-cost">
            {t('counter.cost', '{cost} ct per message', {
              cost: (costTenth / 10).toLocaleString(locale),
            })}
          </Typography>
        )}
      </Flex>
      {worst && channel === 'sms' && (
        <Typography
          tag="p"
          variant="pi"
          textColor={worst.segments > analysis.segments ? 'warning600' : 'neutral600'}
          data-testid="counter-worst"
        >
          {t(
            'counter.worst',
            'Worst case (longest names and places): {segments, plural, one {# SMS} other {# SMS}} · {cost} ct',
            {
              segments: worst.segments,
              cost: prices ? ((worst.segments * prices.sms) / 10).toLocaleString(locale) : '–',
            }
          )}
        </Typography>
      )}
      {source !== undefined && (
        <Typography tag="p" variant="pi" textColor="neutral500" data-testid="counter-template">
          {t(
            'counter.template',
            'Counted as sent, with typical values; the template itself has {length} characters.',
            { length: source.length.toLocaleString(locale) }
          )}
        </Typography>
      )}
      {channel === 'sms' && analysis.encoding === 'UCS-2' && (
        <Box paddingTop={2} data-testid="counter-warning">
          <Typography variant="pi" textColor="danger600">
            {hasEmoji(text)
              ? t(
                  'counter.emoji',
                  'Emoji switch the whole SMS to Unicode: only 70 characters per SMS.'
                )
              : t(
                  'counter.unicode',
                  'These characters switch the SMS to Unicode (70 characters per SMS):'
                )}{' '}
          </Typography>
          {[...offending].map((char) => (
            <Box
              key={char}
              tag="mark"
              background="danger100"
              color="danger700"
              paddingLeft={1}
              paddingRight={1}
              marginRight={1}
              hasRadius
              data-testid="offending-char"
            >
              {char === '\u00a0' ? '⍽' : char}
            </Box>
          ))}
        </Box>
      )}
      {health && health.code === 'health' && (
        <Box paddingTop={2} data-testid="counter-health">
          <Typography variant="pi" textColor="warning600">
            {t(
              'counter.health',
              'Health-related words ({words}): SMS is not confidential. Use Threema or a link instead.',
              { words: health.words.join(', ') }
            )}
          </Typography>
        </Box>
      )}
      {channel === 'sms' && analysis.segments > 1 && (
        <Box paddingTop={1} data-testid="counter-segments-warning">
          <Typography variant="pi" textColor="warning600">
            {t('counter.many', 'More than one SMS: each part is billed.')}
          </Typography>
        </Box>
      )}
      {suggestion && onApplySuggestion && (
        <Flex gap={3} paddingTop={2} data-testid="smart-suggestion">
          <Typography variant="pi">
            {t(
              'counter.suggestion',
              'Replace {chars} with GSM characters: {segments, plural, one {# SMS} other {# SMS}} instead of {before}',
              {
                chars: suggestion.replaced.map((r) => `${r.from} → ${r.to}`).join(', '),
                segments: suggestion.segments,
                before: analysis.segments,
              }
            )}
          </Typography>
          <Button
            size="S"
            variant="secondary"
            onClick={() =>
              onApplySuggestion(source !== undefined ? smartEncode(source) : suggestion.text)
            }
          >
            {t('counter.apply', 'Apply')}
          </Button>
        </Flex>
      )}
    </Box>
  );
};
