// What a refusal says on the screen: the service's own Chinese message,
// prefixed by what kind of refusal it is, and a plain sentence for the cases
// a person can act on (signed out, stale page, lost connection).
import { ApiError } from '../api/client';

export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return `操作失败：${error instanceof Error ? error.message : String(error)}`;
  }
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return `登录已失效，请重新登录。（${error.message}）`;
    case 'PERMISSION_DENIED':
      return `无权执行此操作：${error.message}`;
    case 'ABORTED':
      return `内容已被他人更新，请刷新后重试：${error.message}`;
    case 'FAILED_PRECONDITION':
      return `当前状态不允许此操作：${error.message}`;
    case 'INVALID_ARGUMENT':
      return `填写有误：${error.message}`;
    case 'NOT_FOUND':
      return `未找到：${error.message}`;
    case 'RESOURCE_EXHAUSTED':
      return `操作过于频繁或内容过大：${error.message}`;
    case 'UNAVAILABLE':
      return `服务暂不可用，请稍后重试：${error.message}`;
    default:
      return `操作失败：${error.message}`;
  }
}

/** True when the refusal says the signed digest is not the version's (a stale page). */
export function isStaleDigest(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.code === 'FAILED_PRECONDITION' || error.code === 'ABORTED' || error.code === 'INVALID_ARGUMENT') &&
    /digest|摘要/.test(error.message)
  );
}
