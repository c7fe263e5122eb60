import { withPractice } from '../../admin/src/features/practices/practiceUrl';

describe('the acting practice on the admin’s plugin requests', () => {
  it('adds ?practice= to the plugin’s own routes, before a hash and after other query fields', () => {
    expect(withPractice('/messaging/messages', 'am-see')).toBe(
      '/messaging/messages?practice=am-see'
    );
    expect(withPractice('/messaging/messages?page=2#top', 'am-see')).toBe(
      '/messaging/messages?page=2&practice=am-see#top'
    );
  });

  it('leaves alone a request that names its practice itself (the operator pricing one), other routes and no choice', () => {
    expect(withPractice('/messaging/operator/prices?practice=am-see', 'default')).toBe(
      '/messaging/operator/prices?practice=am-see'
    );
    expect(withPractice('/messaging/practices/mine', 'am-see')).toBe('/messaging/practices/mine');
    expect(withPractice('/content-manager/collection-types/x', 'am-see')).toBe(
      '/content-manager/collection-types/x'
    );
    expect(withPractice('/messaging/messages', null)).toBe('/messaging/messages');
  });
});
